using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Latent;

/// <summary>The encoder and decoder networks of <see cref="Vae"/>, and their seeded initialisation.</summary>
internal static class VaeNetworks
{
    /// <summary>
    /// Encoder D → h₁ → … → 2L (μ and log σ² side by side); decoder L → … → h₁ → D logits; ReLU between layers.
    /// </summary>
    public static (Sequential Encoder, Sequential Decoder) Mlp(VaeOptions options)
    {
        var widths = options.HiddenSizes;
        var encoder = new List<(string, nn.Module<Tensor, Tensor>)>();
        var input = options.Dimensions;
        for (var i = 0; i < widths.Count; i++)
        {
            encoder.Add(($"linear{i}", nn.Linear(input, widths[i])));
            encoder.Add(($"relu{i}", nn.ReLU()));
            input = widths[i];
        }

        encoder.Add(("output", nn.Linear(input, 2 * options.Latent)));

        var decoder = new List<(string, nn.Module<Tensor, Tensor>)>();
        input = options.Latent;
        for (var i = widths.Count - 1; i >= 0; i--)
        {
            decoder.Add(($"linear{i}", nn.Linear(input, widths[i])));
            decoder.Add(($"relu{i}", nn.ReLU()));
            input = widths[i];
        }

        decoder.Add(("output", nn.Linear(input, options.Dimensions)));
        return (nn.Sequential(encoder), nn.Sequential(decoder));
    }

    /// <summary>
    /// Encoder [1, s, s] → conv 4×4 stride 2 → [32, s/2, s/2] → conv → [64, s/4, s/4] → dense h₁ → 2L; the decoder
    /// mirrors it with transposed convolutions and ends in D logits.
    /// </summary>
    public static (Sequential Encoder, Sequential Decoder) Convolutional(VaeOptions options)
    {
        var side = options.ImageSide;
        if (side < 4 || side % 4 != 0 || side * side != options.Dimensions)
        {
            throw new ArgumentException(
                $"The convolutional VAE needs square images with a side divisible by 4 and D = side²; got side {side}, D {options.Dimensions}.",
                nameof(options));
        }

        var quarter = side / 4;
        var hidden = options.HiddenSizes[0];
        var flat = 64L * quarter * quarter;
        var encoder = nn.Sequential(
            ("conv0", nn.Conv2d(1, 32, 4, stride: 2, padding: 1)),      // [batch, 32, s/2, s/2]
            ("relu0", nn.ReLU()),
            ("conv1", nn.Conv2d(32, 64, 4, stride: 2, padding: 1)),     // [batch, 64, s/4, s/4]
            ("relu1", nn.ReLU()),
            ("flatten", nn.Flatten()),
            ("dense", nn.Linear(flat, hidden)),
            ("relu2", nn.ReLU()),
            ("output", nn.Linear(hidden, 2 * options.Latent)));
        var decoder = nn.Sequential(
            ("dense", nn.Linear(options.Latent, hidden)),
            ("relu0", nn.ReLU()),
            ("expand", nn.Linear(hidden, flat)),
            ("relu1", nn.ReLU()),
            ("unflatten", nn.Unflatten(1, [64, quarter, quarter])),      // [batch, 64, s/4, s/4]
            ("deconv0", nn.ConvTranspose2d(64, 32, 4, stride: 2, padding: 1)),
            ("relu2", nn.ReLU()),
            ("deconv1", nn.ConvTranspose2d(32, 1, 4, stride: 2, padding: 1)), // [batch, 1, s, s]
            ("flatten", nn.Flatten()));
        return (encoder, decoder);
    }
}
