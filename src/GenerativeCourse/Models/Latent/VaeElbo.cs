using static TorchSharp.torch;

namespace GenerativeCourse.Models.Latent;

/// <summary>
/// The two terms of the evidence lower bound of each example, in <b>nats per example</b>, <c>[batch]</c> each:
/// ELBO = E_q[log p(x|z)] − KL(q(z|x) ‖ p(z)) ≤ log p(x).
/// </summary>
/// <param name="Reconstruction">log p(x|z) at one reparameterised draw z ~ q(z|x): an unbiased estimate of
/// E_q[log p(x|z)]. Negative; closer to 0 is a better reconstruction.</param>
/// <param name="Kl">KL(q(z|x) ‖ N(0, I)) in closed form: the nats the code z costs. Never negative.</param>
/// <param name="Value">Reconstruction − Kl, the ELBO estimate itself.</param>
public sealed record VaeElbo(Tensor Reconstruction, Tensor Kl, Tensor Value);
