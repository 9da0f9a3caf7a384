// The headless runner of the course notebooks. A small pipeline with one type per stage:
// Document/ reads and writes notebooks (.ipynb and .dib); Execution/ runs them, each in its own worker process;
// Site/ renders executed notebooks as an offline HTML site; Export/ writes a notebook as a file-based app;
// Runs/ strings reading, running, saving and the site together for `gencourse run`.
// Start at Document/Notebook.cs; IpynbReader and IpynbWriter move it to and from disk.
