#include "base64url.h"

#include <array>

namespace kiosk {

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<qint8, 256> makeDecodeTable()
{
    std::array<qint8, 256> table{};
    for (auto &v : table)
        v = -1;
    for (int i = 0; i < 64; ++i)
        table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<qint8>(i);
    return table;
}
constexpr auto kDecode = makeDecodeTable();
} // namespace

std::optional<QByteArray> base64UrlDecodeStrict(QByteArrayView text)
{
    const qsizetype n = text.size();
    if (n % 4 == 1)
        return std::nullopt; // no byte string encodes to this length
    QByteArray out;
    out.resize(n / 4 * 3 + (n % 4 == 0 ? 0 : n % 4 - 1));
    char *dst = out.data();
    quint32 acc = 0;
    int bits = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const qint8 v = kDecode[static_cast<unsigned char>(text[i])];
        if (v < 0)
            return std::nullopt;
        acc = (acc << 6) | static_cast<quint32>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            *dst++ = static_cast<char>((acc >> bits) & 0xff);
        }
    }
    // Leftover bits must be zero: otherwise two texts would decode to the same bytes.
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0)
        return std::nullopt;
    return out;
}

QByteArray base64UrlEncode(QByteArrayView data)
{
    return data.toByteArray().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace kiosk
