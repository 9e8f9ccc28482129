"""Money is Decimal, rounded the way the regulations say."""

from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

Money = Decimal
ZERO = Decimal("0")
PENNY = Decimal("0.01")


def pennies(amount: Decimal) -> Decimal:
    """Round to the nearest penny, half a penny up (the usual rule in the benefit regulations)."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def round_down_pennies(amount: Decimal) -> Decimal:
    return amount.quantize(PENNY, rounding=ROUND_DOWN)


def round_up_pennies(amount: Decimal) -> Decimal:
    return amount.quantize(PENNY, rounding=ROUND_UP)


def round_down_pounds(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("1"), rounding=ROUND_DOWN)


def money(value: object) -> Decimal:
    """Parse a money figure given as str/int/Decimal; floats are refused to keep pennies exact."""
    if isinstance(value, float):
        raise TypeError("money must not be a float; pass a string such as '12.34'")
    return Decimal(str(value))


def tariff_steps(capital: Decimal, above: Decimal, step: Decimal) -> Decimal:
    """Tariff income: how many steps of `step`, counting a part step as a whole one, the capital
    is above `above` (e.g. each £250 or part of £250 over £6,000). Zero at or below `above`."""
    if capital <= above:
        return ZERO
    return ((capital - above) / step).to_integral_value(rounding=ROUND_CEILING)
