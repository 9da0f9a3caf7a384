using static TorchSharp.torch;

namespace GenerativeCourse.Evaluation;

/// <summary>
/// The Fréchet (2-Wasserstein) distance between two Gaussians, the score behind FID (Heusel et al. 2017, "GANs
/// Trained by a Two Time-Scale Update Rule Converge to a Local Nash Equilibrium"; Dowson &amp; Landau 1982):
/// <code>d²(N(μ₁, Σ₁), N(μ₂, Σ₂)) = ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}.</code>
/// FID fits a Gaussian to the features of real and of generated images and reports d² (squared units of the features).
/// </summary>
/// <remarks>
/// The cross term is often written tr (Σ₁Σ₂)^{1/2}; Σ₁Σ₂ is not symmetric, and a general matrix square root of it
/// can return complex parts or NaN from rounding. Σ₁^{1/2} Σ₂ Σ₁^{1/2} is similar to Σ₁Σ₂ (same eigenvalues, so the
/// same trace of the square root) and symmetric positive semi-definite, so two symmetric eigendecompositions do it:
/// one for Σ₁^{1/2}, one for the eigenvalues of the product, clamped at zero before their square roots. Everything
/// runs in float64.
/// </remarks>
public static class FrechetDistance
{
    /// <summary>
    /// d² between Gaussian fits of two sets of feature vectors <c>[n, d]</c> and <c>[m, d]</c>: sample means and
    /// unbiased covariances (divisor n − 1, as numpy's <c>cov</c> in the reference FID code). Needs n, m ≥ 2.
    /// </summary>
    public static double Compute(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        var (meanA, covarianceA) = Fit(a, nameof(a));
        var (meanB, covarianceB) = Fit(b, nameof(b));
        if (meanA.shape[0] != meanB.shape[0])
        {
            throw new ArgumentException($"Feature sizes differ: {meanA.shape[0]} and {meanB.shape[0]}.");
        }

        return BetweenGaussians(meanA, covarianceA, meanB, covarianceB);
    }

    /// <summary>d² between N(μ₁, Σ₁) and N(μ₂, Σ₂): means <c>[d]</c>, symmetric positive semi-definite covariances <c>[d, d]</c>.</summary>
    public static double BetweenGaussians(Tensor mean1, Tensor covariance1, Tensor mean2, Tensor covariance2)
    {
        var d = mean1.shape[0];
        foreach (var (t, name) in new[] { (mean1, nameof(mean1)), (mean2, nameof(mean2)) })
        {
            if (t.dim() != 1 || t.shape[0] != d)
            {
                throw new ArgumentException($"Expected a mean of shape [{d}].", name);
            }
        }

        foreach (var (t, name) in new[] { (covariance1, nameof(covariance1)), (covariance2, nameof(covariance2)) })
        {
            if (t.dim() != 2 || t.shape[0] != d || t.shape[1] != d)
            {
                throw new ArgumentException($"Expected a covariance of shape [{d}, {d}].", name);
            }
        }

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var m1 = mean1.to_type(ScalarType.Float64);
        var m2 = mean2.to_type(ScalarType.Float64);
        var s1 = Symmetric(covariance1.to_type(ScalarType.Float64));
        var s2 = Symmetric(covariance2.to_type(ScalarType.Float64));

        var root1 = SquareRoot(s1);                                                     // Σ₁^{1/2}, [d, d]
        var product = Symmetric(root1.matmul(s2).matmul(root1));                        // [d, d], PSD
        var crossTrace = linalg.eigvalsh(product).clamp_min(0).sqrt().sum();            // tr (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}
        var distance = (m1 - m2).square().sum() + s1.trace() + s2.trace() - (2 * crossTrace);
        // Rounding can leave −1e-12 for identical inputs; a squared distance is never negative.
        return Math.Max(0.0, distance.item<double>());
    }

    /// <summary>Sample mean <c>[d]</c> and unbiased covariance <c>[d, d]</c> of rows <c>[n, d]</c>, in float64.</summary>
    public static (Tensor Mean, Tensor Covariance) Fit(Tensor x, string name = "x")
    {
        if (x.dim() != 2 || x.shape[0] < 2)
        {
            throw new ArgumentException($"Expected at least two feature vectors [n ≥ 2, d], got [{string.Join(", ", x.shape)}].", name);
        }

        using var scope = NewDisposeScope();
        var xs = x.detach().to_type(ScalarType.Float64);
        var mean = xs.mean([0L]);                                                        // [d]
        var centred = xs - mean;                                                         // [n, d]
        var covariance = centred.t().matmul(centred) / (xs.shape[0] - 1);                // [d, d]
        return (mean.MoveToOuterDisposeScope(), covariance.MoveToOuterDisposeScope());
    }

    private static Tensor Symmetric(Tensor m) => (m + m.t()) / 2;

    /// <summary>The PSD square root V diag(√λ) Vᵀ of a symmetric matrix, with eigenvalues clamped at zero.</summary>
    private static Tensor SquareRoot(Tensor symmetric)
    {
        using var scope = NewDisposeScope();
        var (values, vectors) = linalg.eigh(symmetric);
        return (vectors * values.clamp_min(0).sqrt()).matmul(vectors.t()).MoveToOuterDisposeScope();
    }
}
