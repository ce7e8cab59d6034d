using PartnerBot.Digests;
using PartnerBot.People;

namespace PartnerBot.Core.Tests.Digests;

public sealed class DigestScheduleTests
{
    private static Preferences Weekly(string tz, DayOfWeek day = DayOfWeek.Monday, int hour = 8) =>
        new() { TimeZone = tz, DigestCadence = Cadence.Weekly, DigestDay = day, DigestHour = hour };

    private static DateTimeOffset Utc(string s) => DateTimeOffset.Parse(s + "Z", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("Europe/Warsaw", "2026-11-30T07:00:00")]      // CET, UTC+1
    [InlineData("Asia/Kuala_Lumpur", "2026-11-30T00:00:00")]  // UTC+8
    [InlineData("America/New_York", "2026-11-23T13:00:00")]   // EST, UTC−5: 12:00 UTC is 07:00 there, so today 08:00
    [InlineData("UTC", "2026-11-30T08:00:00")]
    public void Weekly_Monday0800_IsInThePersonsOwnTimeZone(string tz, string expectedUtc) =>
        Assert.Equal(Utc(expectedUtc), DigestSchedule.Next(Weekly(tz), Utc("2026-11-23T12:00:00")));

    [Fact]
    public void AcrossTheSpringDstChange_TheSlotStaysAt0800Local()
    {
        var p = Weekly("Europe/Warsaw");
        // Monday 23 March 2027 is CET (UTC+1); clocks go forward on Sunday 28 March; Monday 29 March is CEST (UTC+2).
        Assert.Equal(Utc("2027-03-22T07:00:00"), DigestSchedule.Next(p, Utc("2027-03-20T00:00:00")));
        Assert.Equal(Utc("2027-03-29T06:00:00"), DigestSchedule.Next(p, Utc("2027-03-22T07:00:00")));
    }

    [Fact]
    public void AcrossTheAutumnDstChange_TheSlotStaysAt0800Local()
    {
        var p = Weekly("America/New_York", DayOfWeek.Sunday, 8); // DST ends Sunday 7 November 2027 at 02:00
        Assert.Equal(Utc("2027-10-31T12:00:00"), DigestSchedule.Next(p, Utc("2027-10-30T00:00:00")));
        Assert.Equal(Utc("2027-11-07T13:00:00"), DigestSchedule.Next(p, Utc("2027-10-31T12:00:00")));
    }

    [Fact]
    public void Daily_AndMonthly_AndOff()
    {
        var daily = new Preferences { TimeZone = "Asia/Shanghai", DigestCadence = Cadence.Daily, DigestHour = 9 };
        Assert.Equal(Utc("2026-11-24T01:00:00"), DigestSchedule.Next(daily, Utc("2026-11-23T01:00:00")));
        var monthly = new Preferences { TimeZone = "UTC", DigestCadence = Cadence.Monthly, DigestHour = 6 };
        Assert.Equal(Utc("2026-12-01T06:00:00"), DigestSchedule.Next(monthly, Utc("2026-11-23T12:00:00")));
        Assert.Null(DigestSchedule.Next(new Preferences { DigestCadence = Cadence.Off }, Utc("2026-11-23T12:00:00")));
    }

    [Fact]
    public void Due_NothingBeforeTheFirstSlot()
    {
        var p = Weekly("UTC");
        Assert.Null(DigestSchedule.Due(p, Utc("2026-11-23T09:00:00"), Utc("2026-11-30T07:59:59")));
        Assert.Equal(Utc("2026-11-30T08:00:00"), DigestSchedule.Due(p, Utc("2026-11-23T09:00:00"), Utc("2026-11-30T08:00:00")));
    }

    [Fact]
    public void Due_AfterThreeMissedSlots_IsTheLatestOnly()
    {
        var p = Weekly("UTC");
        // Down from 23 Nov to 20 Dec: the 30 Nov, 7 Dec and 14 Dec slots were missed.
        Assert.Equal(Utc("2026-12-14T08:00:00"), DigestSchedule.Due(p, Utc("2026-11-23T09:00:00"), Utc("2026-12-20T10:00:00")));
    }

    [Fact]
    public void Due_TheSlotJustSent_IsNotDueAgain()
    {
        var p = Weekly("UTC");
        Assert.Null(DigestSchedule.Due(p, Utc("2026-11-30T08:00:00"), Utc("2026-12-03T08:00:00")));
    }

    [Fact]
    public void Signature_ChangesWithEverySettingTheScheduleUses()
    {
        var p = Weekly("UTC");
        var s = DigestSchedule.Signature(p);
        Assert.NotEqual(s, DigestSchedule.Signature(Weekly("Europe/Warsaw")));
        Assert.NotEqual(s, DigestSchedule.Signature(Weekly("UTC", DayOfWeek.Friday)));
        Assert.NotEqual(s, DigestSchedule.Signature(Weekly("UTC", hour: 9)));
        Assert.NotEqual(s, DigestSchedule.Signature(new Preferences { TimeZone = "UTC", DigestCadence = Cadence.Daily, DigestHour = 8 }));
    }
}
