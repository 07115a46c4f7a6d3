from decimal import Decimal, getcontext, ROUND_HALF_UP, localcontext
print(Decimal("1.1") + Decimal("2.2"), Decimal(1) / Decimal(7))
getcontext().prec = 10
print(Decimal(1) / Decimal(7), Decimal("2").sqrt())
print(Decimal("3.14159").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
print(repr(Decimal("0.1")), Decimal(0.1))
with localcontext() as ctx:
    ctx.prec = 5
    print(Decimal(22) / Decimal(7))
print(Decimal("1.50") * 3, Decimal("10") % 3, -Decimal("5"), Decimal("2") ** 10)
print(sorted([Decimal("1.5"), Decimal("0.5"), Decimal("1")]), Decimal("1.5") > 1)
print(f"{Decimal('3.14159'):.2f}", int(Decimal("7.9")), float(Decimal("0.25")))
