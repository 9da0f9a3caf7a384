using System.CommandLine;
using GenerativeCourse.Cli.Commands;

// gencourse: run the course's notebooks headless, train and benchmark its models, check the machine.
var root = new RootCommand("GenerativeCourse: a C# course on generative models (TorchSharp).")
{
    DoctorCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
