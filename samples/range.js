function range(start, end) {
  const out = [];
  for (let i = start; i < end; i++) {
    <|hole|>
  }
  return out;
}

module.exports = { range<|hole|> };
