"""Writes the notebooks the execution tests run, in Jupyter's layout (see ../make_fixtures.py).

Each cell's expected outputs are asserted in tests/GenerativeCourse.Notebooks.Tests/Execution/. Run: python3 make_execution_fixtures.py
"""

import json

KERNELSPEC = {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"}
POLYGLOT = {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"aliases": [], "name": "csharp"}]}}
CSHARP = {"dotnet_interactive": {"language": "csharp"}, "polyglot_notebook": {"kernelName": "csharp"}}


def lines(text):
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def write(name, content):
    with open(name, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(json.dumps(content, indent=1, ensure_ascii=False))
        handle.write("\n")


def code(cell_id, source, metadata=None):
    return {"cell_type": "code", "execution_count": None, "id": cell_id, "metadata": {**CSHARP, **(metadata or {})},
            "outputs": [], "source": lines(source)}


def markdown(cell_id, source):
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": lines(source)}


METADATA = {"kernelspec": KERNELSPEC, "language_info": {"name": "polyglot-notebook"}, "polyglot_notebook": POLYGLOT}


def notebook(cells):
    return {"cells": cells, "metadata": METADATA, "nbformat": 4, "nbformat_minor": 5}


semantics = notebook([
    markdown("intro", "# Engine semantics\n\nEach code cell below checks one behaviour of the C# kernel."),
    code("trailing", "var x = 20;\nx + 22"),
    code("display", 'display("shown");\n42.Display();\ndisplay(HTML("<b>bold</b>"));\ndisplay(7, "text/plain");\nvar shown = display(1);\nshown.Update(2);'),
    code("console", 'Console.Write("a");\nConsole.WriteLine("b");\ndisplay("between");\nConsole.Error.WriteLine("warning");\nConsole.WriteLine("c")'),
    code("redefine", 'var x = "twenty";\nx.Length'),
    code("void-call", 'Console.WriteLine(x)'),
    code("semicolon", "var length = x.Length;"),
    {"cell_type": "raw", "id": "raw", "metadata": {}, "source": ["not code"]},
    code("magic-markdown", "#!markdown\n# Markdown written in a code cell"),
    code("no-value", 'int Twice(int n) => 2 * n;\nvar y = Twice(21);'),
    code("after", 'y'),
    code("update-later", 'shown.Update("three");'),
])

parameters = notebook([
    code("params", 'var profile = "default";\nvar epochs = 30;\nvar runName = "full run";\nvar rate = 0.5;',
         metadata={"tags": ["parameters"], "gencourse": {"profiles": {"quick": {"epochs": 1, "runName": "quick run"}}}}),
    code("use", 'FormattableString.Invariant($"{profile} {epochs} {runName} {rate}")'),
])

failing = notebook([
    code("setup", "var before = 1;"),
    code("throws", '// Fails on purpose\nbefore = 2;\nthrow new InvalidOperationException("boom");'),
    code("never", 'Console.WriteLine("never runs");'),
])

write("semantics.ipynb", semantics)
write("parameters.ipynb", parameters)
write("failing.ipynb", failing)
