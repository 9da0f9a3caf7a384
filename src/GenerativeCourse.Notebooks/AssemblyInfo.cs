// The headless runner of the course notebooks. A small pipeline with one type per stage:
// Document/ reads and writes notebooks (.ipynb and .dib); later stages execute and export them.
// Start at Document/Notebook.cs; IpynbReader and IpynbWriter move it to and from disk.
