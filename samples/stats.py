def mean(values):
    total = 0
    for v in values:
        <|hole|>
    return total / len(values)


def clamp(x, low, high):
    if x < low:
        return low
    if x > high:
        return <|hole|>
    return x
