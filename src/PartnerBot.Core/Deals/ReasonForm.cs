using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.People;

namespace PartnerBot.Deals;

/// <summary>A one-field form for a reason: the reject and extend dialogs share it, and a lead's decline (where it is optional).</summary>
internal static class ReasonForm
{
    public const string Field = "reason";
    public const int MaxLength = 1000;

    public static Reply Build(TurnContext ctx, string titleKey, string introKey, object?[] args, string? value, string? error,
        bool required = true, string labelKey = "deal.form.reason") =>
        new([new FormBlock(ctx.T(titleKey, args), [new FormField(Field, ctx.T(labelKey), FieldKind.LongText)
        {
            Required = required, Value = value, Error = error, MaxLength = MaxLength,
        }], ctx.DialogSubmit())
        {
            Intro = ctx.T(introKey, args),
            SubmitLabel = ctx.T("form.submit"),
            Cancel = ctx.DialogCancel(),
            CancelLabel = ctx.T("form.cancel"),
            Error = error is null ? null : ctx.T("form.fix-errors"),
        }])
        { Visibility = Visibility.Asker, Summary = ctx.T(titleKey, args) };

    /// <summary>The submitted reason, or the error to show on the field. An optional reason left empty is ("", null).</summary>
    public static (string? Reason, string? Error) Read(TurnContext ctx, bool required = true)
    {
        var reason = ctx.Turn.Action?.Value(Field)?.Trim() ?? "";
        if (reason.Length == 0) return required ? (null, ctx.T("deal.error.reason-required")) : ("", null);
        if (reason.Length > MaxLength) return (null, ctx.T("deal.error.too-long", MaxLength));
        if (DealRules.ContainsMarkup(reason)) return (null, ctx.T("deal.error.markup"));
        return (reason, null);
    }
}

public sealed class ReasonState
{
    public string DealId { get; set; } = "";
}
