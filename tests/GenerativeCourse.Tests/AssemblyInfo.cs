// TorchSharp's default random generator is process-wide, so tests that seed it must not run in
// parallel with each other: they join the "Torch" collection (see TorchCollection.cs).
