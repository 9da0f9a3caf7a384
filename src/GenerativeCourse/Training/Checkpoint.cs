using System.Runtime.InteropServices;
using System.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Training;

/// <summary>
/// Saves and restores everything a training run needs to continue exactly where it stopped: the model's parameters
/// and buffers (batch-norm statistics, masks), every optimiser's state (Adam's first and second moments and its step
/// count, without which the first steps after a resume would differ), the state of every random generator the run
/// draws from during an epoch (a GAN's noise), and <see cref="CheckpointMetadata"/>.
/// </summary>
/// <remarks>
/// <para>Files are written atomically (<see cref="CheckpointFile"/>): a run killed while saving leaves the previous
/// checkpoint intact. Loading checks, before any tensor is touched, that the file is whole (SHA-256) and that it
/// belongs to the same model with the same options; otherwise <see cref="CheckpointException"/> says which file and
/// what differs.</para>
/// <para>Data order is not stored: the course's runs derive the shuffle and binarization of epoch k from
/// (seed, k), so restoring the epoch count restores the data stream too.</para>
/// </remarks>
public static class Checkpoint
{
    /// <summary>File extension of checkpoints.</summary>
    public const string Extension = ".ckpt";

    /// <summary>Writes a checkpoint to <paramref name="path"/> (atomically; the folder is created).</summary>
    /// <param name="path">The file, e.g. <c>artifacts/checkpoints/nade.ckpt</c>.</param>
    /// <param name="metadata">Model name, options, seed, epoch.</param>
    /// <param name="module">The model; parameters and buffers are saved.</param>
    /// <param name="optimizers">Optimisers whose state to save, in a fixed order (one for most models, two for a GAN).</param>
    /// <param name="generators">Random generators whose state to save, in a fixed order.</param>
    public static void Save(string path, CheckpointMetadata metadata, nn.Module module, IReadOnlyList<optim.Optimizer> optimizers, IReadOnlyList<torch.Generator> generators)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(optimizers);
        ArgumentNullException.ThrowIfNull(generators);
        var sections = new List<(string, byte[])> { ("model", Serialize(writer => module.save(writer))) };
        for (var i = 0; i < optimizers.Count; i++)
        {
            var helper = AsHelper(optimizers[i]);
            sections.Add(($"optimizer{i}", Serialize(helper.save_state_dict)));
        }

        for (var i = 0; i < generators.Count; i++)
        {
            using var state = generators[i].get_state();
            sections.Add(($"generator{i}", state.data<byte>().ToArray()));
        }

        CheckpointFile.Write(path, metadata, sections);
    }

    /// <summary>Reads only the metadata of a checkpoint (after verifying the whole file).</summary>
    /// <exception cref="CheckpointException">Missing, not a checkpoint, or damaged.</exception>
    public static CheckpointMetadata ReadMetadata(string path) => CheckpointFile.Read(path).Metadata;

    /// <summary>
    /// Restores a checkpoint into a freshly built model, its optimisers and generators (the same kinds, in the same
    /// order, as when it was saved).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="expectedModel">The catalogue name the file must carry.</param>
    /// <param name="expectedOptions">The options text the file must carry.</param>
    /// <param name="module">The model to load into; its parameters are overwritten in place, so optimisers built on
    /// them stay attached.</param>
    /// <param name="optimizers">Optimisers to restore.</param>
    /// <param name="generators">Generators to restore.</param>
    /// <returns>The metadata: the caller continues from <see cref="CheckpointMetadata.Epoch"/> + 1.</returns>
    /// <exception cref="CheckpointException">The file is missing, damaged, or of another model or options (checked
    /// before anything is changed), or its tensors do not fit.</exception>
    public static CheckpointMetadata Load(
        string path, string expectedModel, string expectedOptions, nn.Module module, IReadOnlyList<optim.Optimizer> optimizers, IReadOnlyList<torch.Generator> generators)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(optimizers);
        ArgumentNullException.ThrowIfNull(generators);
        var (metadata, sections) = CheckpointFile.Read(path);
        if (metadata.Model != expectedModel)
        {
            throw new CheckpointException(path, $"this checkpoint holds the model '{metadata.Model}', expected '{expectedModel}'.");
        }

        if (metadata.Options != expectedOptions)
        {
            throw new CheckpointException(path, $"this checkpoint of '{metadata.Model}' was trained with the options {metadata.Options}, but the model to load into has {expectedOptions}. Train afresh (without --resume) or use the same options.");
        }

        var expected = new[] { "model" }
            .Concat(Enumerable.Range(0, optimizers.Count).Select(i => $"optimizer{i}"))
            .Concat(Enumerable.Range(0, generators.Count).Select(i => $"generator{i}"))
            .ToArray();
        if (!expected.Order().SequenceEqual(sections.Keys.Order()))
        {
            throw new CheckpointException(path, $"this checkpoint has the parts [{string.Join(", ", sections.Keys.Order())}], expected [{string.Join(", ", expected.Order())}].");
        }

        try
        {
            Deserialize(sections["model"], reader => module.load(reader, strict: true));
            for (var i = 0; i < optimizers.Count; i++)
            {
                Deserialize(sections[$"optimizer{i}"], AsHelper(optimizers[i]).load_state_dict);
            }

            for (var i = 0; i < generators.Count; i++)
            {
                using var state = tensor(sections[$"generator{i}"], ScalarType.Byte);
                generators[i].set_state(state);
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or ExternalException)
        {
            throw new CheckpointException(path, $"its tensors do not fit the model ({e.Message}).", e);
        }

        return metadata;
    }

    private static OptimizerHelper AsHelper(optim.Optimizer optimizer) =>
        optimizer as OptimizerHelper
        ?? throw new ArgumentException($"The optimiser {optimizer.GetType().Name} cannot save its state (TorchSharp's built-in optimisers can).", nameof(optimizer));

    private static byte[] Serialize(Action<BinaryWriter> write)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            write(writer);
        }

        return memory.ToArray();
    }

    private static void Deserialize(byte[] bytes, Action<BinaryReader> read)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        read(reader);
    }
}
