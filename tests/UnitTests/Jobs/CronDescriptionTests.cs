using Platform.Jobs.Scheduling;
using Quartz;

namespace Platform.UnitTests.Jobs;

public sealed class CronDescriptionTests
{
    [Theory]
    [InlineData("* * * * * ?", "Every second")]
    [InlineData("*/10 * * * * ?", "Every 10 seconds")]
    [InlineData("0/7 * * * * ?", "Every 7 seconds from second 0 through 56")]
    [InlineData("0 * * * * ?", "Every minute")]
    [InlineData("0 */5 * * * ?", "Every 5 minutes")]
    [InlineData("0 5/10 * * * ?", "Every 10 minutes from minute 5 through 55")]
    [InlineData("30 */5 * * * ?", "At second 30, every 5 minutes")]
    [InlineData("30 * * * * ?", "At second 30 of every minute")]
    [InlineData("0-49 * * * * ?", "At seconds 0 through 49 of every minute")]
    [InlineData("0,30,31 * * * * ?", "At seconds 0, 30 and 31 of every minute")]
    [InlineData("0 15 * * * ?", "At minute 15 of every hour")]
    [InlineData("0 15,45 * * * ?", "At minutes 15 and 45 of every hour")]
    [InlineData("30 15 * * * ?", "At second 30 of minute 15 of every hour")]
    [InlineData("* 15 * * * ?", "Every second, during minute 15 of every hour")]
    [InlineData("0 0 * * * ?", "Every hour")]
    [InlineData("0 0 */2 * * ?", "Every 2 hours")]
    [InlineData("0 0 1/3 * * ?", "Every 3 hours from 01:00 through 22:00")]
    [InlineData("0 0 0/5 * * ?", "Every 5 hours from 00:00 through 20:00")]
    [InlineData("0 0 9-17 * * ?", "Every hour from 09:00 through 17:00")]
    [InlineData("0 0 22-2 * * ?", "Every hour from 22:00 through 02:00")]
    [InlineData("0 0 8-18/4 * * ?", "Every 4 hours from 08:00 through 16:00")]
    [InlineData("0 30 */2 * * ?", "At minute 30, every 2 hours")]
    [InlineData("0 30 9-17 * * ?", "At minute 30 of hours 9 through 17")]
    [InlineData("0 */5 */2 * * ?", "Every 5 minutes, during every 2nd hour")]
    [InlineData("0 0/15 9-17 ? * MON-FRI", "Every 15 minutes, during hours 9 through 17, Monday through Friday")]
    [InlineData("0 */5 9 * * ?", "Every 5 minutes, during hour 9")]
    [InlineData("0 0 3 * * ?", "At 03:00, every day")]
    [InlineData("0 0 3 ? * *", "At 03:00, every day")]
    [InlineData("15 30 3 * * ?", "At 03:30:15, every day")]
    [InlineData("0 0 9,17 * * ?", "At 09:00 and 17:00, every day")]
    [InlineData("0 0,30 9 * * ?", "At 09:00 and 09:30, every day")]
    [InlineData("0 */20 9 * * ?", "At 09:00, 09:20 and 09:40, every day")]
    [InlineData("0 30 9 ? * MON-FRI", "At 09:30, Monday through Friday")]
    [InlineData("0 30 9 ? * 2-6", "At 09:30, Monday through Friday")]
    [InlineData("0 0 10 ? * SAT,SUN", "At 10:00, on Saturday and Sunday")]
    [InlineData("0 0 10 ? * FRI-MON", "At 10:00, Friday through Monday")]
    [InlineData("0 0 18 ? * MON,WED,FRI", "At 18:00, on Monday, Wednesday and Friday")]
    [InlineData("0 0 3 ? * SUN", "At 03:00, on Sunday")]
    [InlineData("0 0 3 ? * L", "At 03:00, on Saturday")]
    [InlineData("0 0 3 ? * 1/2", "At 03:00, on Tuesday, Thursday, Saturday and Sunday")]
    [InlineData("0 0 12 1 * ?", "At 12:00, on day 1 of the month")]
    [InlineData("0 0 12 1,15 * ?", "At 12:00, on days 1 and 15 of the month")]
    [InlineData("0 0 12 1-7 * ?", "At 12:00, on days 1 through 7 of the month")]
    [InlineData("0 0 12 */2 * ?", "At 12:00, on every 2nd day of the month")]
    [InlineData("0 0 12 5/10 * ?", "At 12:00, on every 10th day of the month from day 5 through 25")]
    [InlineData("0 0 0 L * ?", "At 00:00, on the last day of the month")]
    [InlineData("0 0 0 L-3 * ?", "At 00:00, on the day 3 days before the last day of the month")]
    [InlineData("0 0 0 LW * ?", "At 00:00, on the last weekday of the month")]
    [InlineData("0 0 9 15W * ?", "At 09:00, on the weekday nearest day 15 of the month")]
    [InlineData("0 0 9 1,L * ?", "At 09:00, on day 1 and the last day of the month")]
    [InlineData("0 15 10 ? * 6L", "At 10:15, on the last Friday of the month")]
    [InlineData("0 15 10 ? * FRIL", "At 10:15, on the last Friday of the month")]
    [InlineData("0 15 10 ? * 2#1", "At 10:15, on the first Monday of the month")]
    [InlineData("0 15 10 ? * FRI#3", "At 10:15, on the third Friday of the month")]
    [InlineData("0 0 3 1 * MON", "At 03:00, on day 1 of the month and on Monday")]
    [InlineData("0 11 11 11 11 ?", "At 11:11, on day 11 of the month, in November")]
    [InlineData("0 0 3 * JAN,JUL ?", "At 03:00, every day, in January and July")]
    [InlineData("0 0 3 * NOV-FEB ?", "At 03:00, every day, in November through February")]
    [InlineData("0 0 3 1 */3 ?", "At 03:00, on day 1 of the month, in January, April, July and October")]
    [InlineData("0 0 3 1 1 ? 2027", "At 03:00, on day 1 of the month, in January, in 2027")]
    [InlineData("0 0 3 * * ? 2027-2029,2031", "At 03:00, every day, in 2027 through 2029 and 2031")]
    [InlineData("0 0 3 * * ? 2027/2", "At 03:00, every day, every 2 years from 2027 through 2199")]
    [InlineData("  0  0  3  *  *  ?  ", "At 03:00, every day")]
    [InlineData("0 0 3 ? * mon-fri", "At 03:00, Monday through Friday")]
    public void A_cron_reads_as_a_sentence(string cron, string sentence)
    {
        var parse = () => new CronExpression(cron.Trim());
        parse.Should().NotThrow("the table holds only crons Quartz accepts");

        CronDescription.Of(cron).Should().Be(sentence);
    }

    [Theory]
    [InlineData("0 0 0 L-3W * ?", "Fires when the second is '0', the minute is '0', the hour is '0', the day of the month is 'L-3W', the month is '*' and the day of the week is '?'")]
    [InlineData("0 0 3 ? * FRI/2", "Fires when the second is '0', the minute is '0', the hour is '3', the day of the month is '?', the month is '*' and the day of the week is 'FRI/2'")]
    [InlineData("not a cron", "Fires when the second is 'NOT', the minute is 'A' and the hour is 'CRON'")]
    [InlineData("", "Never: the cron expression is empty")]
    public void A_cron_it_has_no_sentence_for_is_described_field_by_field(string cron, string description) =>
        CronDescription.Of(cron).Should().Be(description);
}
