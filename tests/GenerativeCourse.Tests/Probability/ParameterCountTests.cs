using System.Numerics;
using GenerativeCourse.Probability;

namespace GenerativeCourse.Tests.Probability;

public sealed class ParameterCountTests
{
    [Fact]
    public void AFullJointOf784BinaryPixelsNeeds2To784MinusOneNumbers()
    {
        var count = ParameterCount.FullJoint(784);

        Assert.Equal(BigInteger.Pow(2, 784) - 1, count);
        Assert.Equal(237, count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length); // ≈ 1.02 × 10^236
        Assert.Equal(7, ParameterCount.FullJoint(3));
    }

    [Fact]
    public void CategoricalAndIndependentCountsMatchSmallCases()
    {
        Assert.Equal(8, ParameterCount.Categorical(n: 2, k: 3));        // 3² − 1
        Assert.Equal(BigInteger.Pow(256, 784) - 1, ParameterCount.Categorical(784, 256));
        Assert.Equal(784, ParameterCount.Independent(784));
        Assert.Equal(9, ParameterCount.Independent(3, k: 4));
    }

    [Fact]
    public void TheChainRuleWithLogisticConditionalsNeedsNTimesNPlusOneOverTwo()
    {
        Assert.Equal(307_720, ParameterCount.ChainRuleLogistic(784)); // 784 · 785 / 2
        Assert.Equal(1, ParameterCount.ChainRuleLogistic(1));
    }

    [Fact]
    public void NadeNeedsTwoHdPlusDPlusH()
    {
        Assert.Equal(785_284, ParameterCount.Nade(784, 500)); // 2·500·784 + 784 + 500
    }
}
