#pragma once
// Test support: the token minter and feed builder (app/demo/tokenminter.h) under the names the
// tests use, plus the published test vectors kept in tests/data.
#include "tokenminter.h"

namespace kiosk::test {

using namespace kiosk::demo;

// The published test key and venue of shared/spec/test-vectors.json (kept in tests/data).
SigningKey publishedTestKey();
QJsonObject publishedVectors();
// The published DK1 vectors of shared/spec/test-vectors-dk1.json (kept in tests/data), and the
// text of vector `index`.
QJsonObject publishedCompactVectors();
QByteArray publishedCompactVector(int index);

} // namespace kiosk::test
