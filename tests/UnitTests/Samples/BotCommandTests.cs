using Platform.Samples.ChatBot;

namespace Platform.UnitTests.Samples;

public sealed class BotCommandTests
{
    [Fact]
    public void Generate_takes_the_words_as_the_prompt_and_options_as_numbers()
    {
        var command = BotCommand.Parse("/generate a red fox --steps 20 --seed 7").Should().BeOfType<BotCommand.Submit>().Subject;

        command.Request.Type.Should().Be("generation");
        var input = command.Request.Input!.Value;
        input.GetProperty("prompt").GetString().Should().Be("a red fox");
        input.GetProperty("steps").GetInt32().Should().Be(20);
        input.GetProperty("seed").GetInt32().Should().Be(7);
    }

    [Fact]
    public void Train_reads_epochs_and_learning_rate()
    {
        var command = BotCommand.Parse("/train --epochs 10 --learning-rate 0.1").Should().BeOfType<BotCommand.Submit>().Subject;

        command.Request.Type.Should().Be("training");
        command.Request.Input!.Value.GetProperty("epochs").GetInt32().Should().Be(10);
        command.Request.Input!.Value.GetProperty("learningRate").GetDouble().Should().Be(0.1);
    }

    [Theory]
    [InlineData("hello everyone")]
    [InlineData("")]
    public void Lines_that_are_not_commands_are_not_for_the_bot(string line) => BotCommand.Parse(line).Should().BeNull();

    [Theory]
    [InlineData("/generate", "What should I draw?")]
    [InlineData("/generate a fox --steps many", "--steps takes a whole number")]
    [InlineData("/generate a fox --colour red", "--colour is not an option")]
    [InlineData("/train --epochs", "--epochs needs a value")]
    [InlineData("/status not-an-id", "job's id")]
    [InlineData("/dance", "I don't know /dance")]
    public void Commands_that_cannot_be_carried_out_say_why(string line, string reason) =>
        BotCommand.Parse(line).Should().BeOfType<BotCommand.Invalid>().Which.Reason.Should().Contain(reason);

    [Fact]
    public void Status_and_cancel_take_a_job_id()
    {
        var id = Guid.NewGuid();

        BotCommand.Parse($"/status {id}").Should().Be(new BotCommand.Status(id));
        BotCommand.Parse($"/cancel {id}").Should().Be(new BotCommand.Cancel(id));
    }
}
