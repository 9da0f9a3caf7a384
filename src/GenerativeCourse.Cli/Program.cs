using GenerativeCourse.Cli.Commands;
using Spectre.Console;

// gencourse: run the course's notebooks headless, train and benchmark its models, check the machine.
if (Console.IsOutputRedirected)
{
    // Spectre.Console assumes 80 columns when it cannot ask a terminal; CI logs read better with unwrapped lines.
    AnsiConsole.Console.Profile.Width = 240;
}

return await CommandLineApp.InvokeAsync(args, AnsiConsole.Console);
