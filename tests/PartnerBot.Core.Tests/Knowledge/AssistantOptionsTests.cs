using System.ComponentModel.DataAnnotations;
using PartnerBot.Knowledge;

namespace PartnerBot.Core.Tests.Knowledge;

public sealed class AssistantOptionsTests
{
    private static List<string> Errors(AssistantOptions o)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(o, new ValidationContext(o), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage!).ToList();
    }

    [Fact]
    public void Defaults_AreValid_AndOffline()
    {
        var o = new AssistantOptions();
        Assert.Empty(Errors(o));
        Assert.False(o.HasModel);
    }

    [Fact]
    public void LocalServer_WithoutKey_IsValid()
    {
        Assert.Empty(Errors(new AssistantOptions { Endpoint = "http://localhost:11434/v1", Model = "llama3.1" }));
    }

    [Fact]
    public void OpenAi_WithoutKey_NamesTheSetting()
    {
        Assert.Equal(["Assistant:ApiKey is required for OpenAI and Azure OpenAI (only a local server such as Ollama or vLLM may go without)."],
            Errors(new AssistantOptions { Model = "gpt-4o-mini" }));
    }

    [Fact]
    public void Azure_IsRecognisedByItsHost()
    {
        Assert.True(new AssistantOptions { Endpoint = "https://contoso.openai.azure.com/" }.IsAzure);
        Assert.False(new AssistantOptions { Endpoint = "http://localhost:11434/v1" }.IsAzure);
    }

    [Theory]
    [InlineData("localhost:11434")]
    [InlineData("ftp://models.example/v1")]
    public void Endpoint_NotAnHttpUrl_NamesTheSetting(string endpoint)
    {
        Assert.Contains("Assistant:Endpoint must be an absolute http(s) URL, such as http://localhost:11434/v1 for Ollama.",
            Errors(new AssistantOptions { Endpoint = endpoint }));
    }

    [Fact]
    public void Timeout_OutOfRange_NamesTheSetting()
    {
        Assert.Equal(["Assistant:Timeout must be between 00:00:01 and 00:10:00."], Errors(new AssistantOptions { Timeout = TimeSpan.Zero }));
    }
}
