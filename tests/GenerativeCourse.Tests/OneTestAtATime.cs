// The tests of this assembly run one at a time, for two reasons.
//
// 1. TorchSharp's default generator, Course.Setup and environment variables are process-wide: a test that seeds
//    the generator and then draws from it must not share the process with another test that draws at the same time.
//
// 2. A race in TorchSharp 0.107 corrupts native scalars when other threads allocate. An implicitly converted
//    argument, as in `t.add_(u, alpha: 0.1)` or in every step of torch.optim.Adam, becomes a temporary
//    TorchSharp.Scalar. Its finalizer frees the native c10::Scalar, and no GC.KeepAlive holds it during the native
//    call. When another thread's allocation starts a garbage collection during that call, the finalizer can free
//    the scalar while libtorch reads it. The result is an internal assert ("Expected false to be true" from
//    c10/core/Scalar.h, in toFloat or in `equal`), or, if the memory has already been reused, a wrong value with
//    no error.
//    Measured here: 15.1 M calls of `t.add_(u, alpha: 1e-3)` with a second thread allocating gave 12 such errors
//    in 30 s; with `using Scalar alpha = 1e-3` the count was 0 in 24 M calls, and with no second thread it was 0 in
//    39 M calls. In CI this failed AdversarialTrainerTests about once in six full runs, because their many small
//    Adam steps ran beside other tests. See https://github.com/dotnet/TorchSharp/pull/1434.
//
// In the course's own processes tensors are made on one thread and little else allocates (the notebook worker runs
// one cell at a time; `gencourse train` redraws its progress bar ten times a second), so the race is rare there. A
// test runner that runs tests side by side makes it likely.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
