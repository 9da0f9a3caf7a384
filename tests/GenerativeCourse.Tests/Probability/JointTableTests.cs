using GenerativeCourse.Probability;
using GenerativeCourse.Runtime;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Probability;

public sealed class JointTableTests
{
    public JointTableTests() => TorchSharpNative.EnsureLoaded();

    // p(A, B) for two binary variables; rows are A, columns B. Correlated on purpose.
    private static Tensor Pair() => tensor(new[] { 0.4, 0.1, 0.2, 0.3 }).reshape(2, 2);

    [Fact]
    public void MarginalsSumOutTheOtherVariables()
    {
        using var scope = NewDisposeScope();
        var joint = Pair();

        Assert.Equal(new[] { 0.5, 0.5 }, JointTable.Marginal(joint, 0).data<double>().ToArray());
        Assert.Equal(new[] { 0.6, 0.4 }, JointTable.Marginal(joint, 1).data<double>().ToArray(), new Tolerance(1e-15));
        Assert.Equal(1.0, JointTable.Marginal(joint).item<double>(), 1e-15);
    }

    [Fact]
    public void ConditionalsAreTheJointDividedByTheEvidence()
    {
        using var scope = NewDisposeScope();
        var joint = Pair();

        // p(A | B) laid out like the joint: [a, b] = p(a, b) / p(b); each column sums to 1.
        var aGivenB = JointTable.Conditional(joint, 1);

        Assert.Equal(new[] { 0.4 / 0.6, 0.1 / 0.4, 0.2 / 0.6, 0.3 / 0.4 }, aGivenB.data<double>().ToArray(), new Tolerance(1e-15));
        Assert.Equal(new[] { 1.0, 1.0 }, aGivenB.sum(dim: 0).data<double>().ToArray(), new Tolerance(1e-15));
    }

    [Fact]
    public void BayesRuleGivesThePosteriorOfARareCondition()
    {
        using var scope = NewDisposeScope();
        // 1% prevalence; the test detects 90% of cases and flags 5% of healthy people.
        var prior = tensor(new[] { 0.99, 0.01 });                          // x: healthy, ill
        var likelihood = tensor(new[] { 0.95, 0.05, 0.10, 0.90 }).reshape(2, 2); // [x, y]: y = negative, positive

        var posterior = JointTable.Bayes(prior, likelihood);

        // p(ill | positive) = 0.9·0.01 / (0.9·0.01 + 0.05·0.99) = 0.009 / 0.0585.
        Assert.Equal(0.009 / 0.0585, posterior[1, 1].item<double>(), 1e-15);
        Assert.Equal(new[] { 1.0, 1.0 }, posterior.sum(dim: 0).data<double>().ToArray(), new Tolerance(1e-15));
    }

    [Fact]
    public void AProductOfMarginalsIsIndependentAndACorrelatedTableIsNot()
    {
        using var scope = NewDisposeScope();
        var independent = JointTable.Product(tensor(new[] { 0.2, 0.8 }), tensor(new[] { 0.5, 0.3, 0.2 }));

        Assert.Equal(new long[] { 2, 3 }, independent.shape);
        Assert.True(JointTable.AreIndependent(independent, 0, 1));
        Assert.False(JointTable.AreIndependent(Pair(), 0, 1)); // p(0,0) = 0.4 but p(A=0)p(B=0) = 0.3
    }

    [Fact]
    public void ACommonCauseMakesVariablesDependentButConditionallyIndependent()
    {
        using var scope = NewDisposeScope();
        // C → A and C → B: p(a, b, c) = p(c) p(a | c) p(b | c), stored with dimensions (A, C, B) to exercise
        // the reordering inside AreConditionallyIndependent.
        var pc = tensor(new[] { 0.3, 0.7 });
        var aGivenC = tensor(new[] { 0.9, 0.1, 0.2, 0.8 }).reshape(2, 2); // [c, a]
        var bGivenC = tensor(new[] { 0.6, 0.4, 0.1, 0.9 }).reshape(2, 2); // [c, b]
        var acb = aGivenC.t().unsqueeze(2) * pc.reshape(1, 2, 1) * bGivenC.unsqueeze(0);

        Assert.Equal(1.0, acb.sum().item<double>(), 1e-15);
        Assert.True(JointTable.AreConditionallyIndependent(acb, a: 0, b: 2, given: 1));
        Assert.False(JointTable.AreIndependent(acb, 0, 2));
        // …and A, C are not conditionally independent given B.
        Assert.False(JointTable.AreConditionallyIndependent(acb, a: 0, b: 1, given: 2));
    }

    [Fact]
    public void FromSamplesCountsEachCombination()
    {
        using var scope = NewDisposeScope();
        var samples = tensor(new long[] { 0, 2, 0, 2, 1, 0, 1, 1 }).reshape(4, 2);

        var joint = JointTable.FromSamples(samples, 2, 3);

        Assert.Equal(new long[] { 2, 3 }, joint.shape);
        Assert.Equal(new[] { 0, 0, 0.5, 0.25, 0.25, 0 }, joint.data<double>().ToArray());
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
