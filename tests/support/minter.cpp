#include "minter.h"

#include "base64url.h"

#include <QFile>
#include <QJsonDocument>

#include <stdexcept>

namespace kiosk::test {

QJsonObject publishedVectors()
{
    QFile f(QStringLiteral(KIOSK_TEST_DATA_DIR "/test-vectors.json"));
    if (!f.open(QIODevice::ReadOnly))
        throw std::runtime_error("tests/data/test-vectors.json is missing");
    return QJsonDocument::fromJson(f.readAll()).object();
}

QJsonObject publishedCompactVectors()
{
    QFile f(QStringLiteral(KIOSK_TEST_DATA_DIR "/test-vectors-dk1.json"));
    if (!f.open(QIODevice::ReadOnly))
        throw std::runtime_error("tests/data/test-vectors-dk1.json is missing");
    return QJsonDocument::fromJson(f.readAll()).object();
}

QByteArray publishedCompactVector(int index)
{
    return publishedCompactVectors()[QLatin1String("vectors")][index][QLatin1String("text")].toString().toLatin1();
}

SigningKey publishedTestKey()
{
    const QJsonObject v = publishedVectors();
    const auto seed = base64UrlDecodeStrict(v.value(QLatin1String("seed")).toString().toLatin1());
    return SigningKey::fromSeed(
        v.value(QLatin1String("jwk")).toObject().value(QLatin1String("kid")).toString(), seed.value_or(QByteArray()));
}

} // namespace kiosk::test
