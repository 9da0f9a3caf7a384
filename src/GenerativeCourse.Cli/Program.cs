using GenerativeCourse.Cli.Commands;
using Spectre.Console;

// gencourse: run the course's notebooks headless, train and benchmark its models, check the machine.
return await CommandLineApp.InvokeAsync(args, AnsiConsole.Console);
