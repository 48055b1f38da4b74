// club-demo-data: writes a demo venue's change feed and a set of scanned codes that between
// them show every kind of verdict, signed with a fresh demo key and dated around the current
// time. Used by scripts/demo.sh (the README's main job) until the kiosk's own demo mode exists.
//
//   club-demo-data OUTDIR   → OUTDIR/feed.json, OUTDIR/codes.tsv (label TAB expected TAB text)

#include "minter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>

#include <cstdio>

using namespace kiosk::test;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (app.arguments().size() != 2) {
        std::fprintf(stderr, "usage: club-demo-data OUTDIR\n");
        return 2;
    }
    const QDir out(app.arguments().at(1));
    if (!QDir().mkpath(out.path())) {
        std::fprintf(stderr, "club-demo-data: cannot create %s\n", qPrintable(out.path()));
        return 2;
    }
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QString venue = QStringLiteral("ven_demo");
    const SigningKey key = SigningKey::generate(
        QStringLiteral("demo-%1").arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM"))));
    const SigningKey forger = SigningKey::generate(key.kid); // same kid, wrong private key

    auto claims = [&](const QString &order, const QString &jti, const QString &recipient, const QJsonArray &drinks,
                      int amount) {
        QJsonObject c = defaultClaims(venue, order, jti, now - 300, now + 86400);
        c[QStringLiteral("rcp")] = recipient;
        c[QStringLiteral("drinks")] = drinks;
        c[QStringLiteral("amt")] = amount;
        return c;
    };
    auto drink = [](const char *name, int qty) {
        return QJsonObject{{QStringLiteral("name"), QString::fromUtf8(name)}, {QStringLiteral("qty"), qty}};
    };
    auto sign = [&](const QJsonObject &c, const SigningKey &k = SigningKey()) {
        const SigningKey &signer = k.secretKey.isEmpty() ? key : k;
        return mintToken(signer, defaultHeader(key.kid), c);
    };

    FeedBuilder feed;
    feed.key(key, now - 86400 * 30, now + 86400 * 60)
        .staff(QStringLiteral("stf_sam"), QStringLiteral("Sam"), QStringLiteral("bartender"))
        .staff(QStringLiteral("stf_morgan"), QStringLiteral("Morgan"), QStringLiteral("manager"))
        .order(QStringLiteral("ord_d1"), QStringLiteral("tok_d1"), QStringLiteral("PAID"), now - 600, QString(),
            now + 86400, QStringLiteral("Alex M."))
        .order(QStringLiteral("ord_d4"), QStringLiteral("tok_d4"), QStringLiteral("PENDING"), now - 600, QString(),
            now + 86400, QStringLiteral("Jo P."))
        .order(QStringLiteral("ord_d5"), QStringLiteral("tok_d5"), QStringLiteral("REFUNDED"), now - 600, QString(),
            now + 86400, QStringLiteral("Kim L."))
        .revocation(QStringLiteral("tok_d5"), QStringLiteral("refunded"))
        .order(QStringLiteral("ord_d6"), QString(), QStringLiteral("PAID"), now - 600, QStringLiteral("order_d6_qr"),
            now + 86400, QStringLiteral("Robin T."))
        .order(QStringLiteral("ord_d7"), QStringLiteral("tok_d7"), QStringLiteral("PAID"), now - 900, QString(),
            now + 86400, QStringLiteral("Dana W."))
        .redemption(QStringLiteral("red_d7"), QStringLiteral("ord_d7"), QStringLiteral("tok_d7"),
            QStringLiteral("dev_bar_right"), QStringLiteral("stf_sam"), now - 600);

    const QByteArray d1 = sign(claims(
        QStringLiteral("ord_d1"), QStringLiteral("tok_d1"), QStringLiteral("Alex M."), {drink("Negroni", 1)}, 1400));
    QJsonObject expired = claims(
        QStringLiteral("ord_d3"), QStringLiteral("tok_d3"), QStringLiteral("Sky R."), {drink("Spritz", 1)}, 1100);
    expired[QStringLiteral("iat")] = now - 86400 * 2;
    expired[QStringLiteral("exp")] = now - 86400;
    QJsonObject otherVenue = claims(QStringLiteral("ord_x1"), QStringLiteral("tok_x1"), QStringLiteral("Lee S."),
        {drink("Old Fashioned", 1)}, 1600);
    otherVenue[QStringLiteral("aud")] = QStringLiteral("ven_elsewhere");

    const QList<std::tuple<QString, QString, QByteArray>> codes{
        {QStringLiteral("valid code, order in the cache"), QStringLiteral("OK"), d1},
        {QStringLiteral("the same code again"), QStringLiteral("ALREADY_REDEEMED"), d1},
        {QStringLiteral("valid code, order bought a minute ago (not yet synced)"), QStringLiteral("OK"),
            sign(claims(QStringLiteral("ord_d2"), QStringLiteral("tok_d2"), QStringLiteral("Chris B."),
                {drink("Pale Ale", 2), drink("Tonic", 1)}, 2100))},
        {QStringLiteral("redeemed at the other bar ten minutes ago"), QStringLiteral("ALREADY_REDEEMED"),
            sign(claims(QStringLiteral("ord_d7"), QStringLiteral("tok_d7"), QStringLiteral("Dana W."),
                {drink("Margarita", 1)}, 1300))},
        {QStringLiteral("expired yesterday"), QStringLiteral("EXPIRED"), sign(expired)},
        {QStringLiteral("bought for another venue"), QStringLiteral("WRONG_VENUE"), sign(otherVenue)},
        {QStringLiteral("forged (signed with the wrong key)"), QStringLiteral("BAD_SIGNATURE"),
            sign(claims(QStringLiteral("ord_f1"), QStringLiteral("tok_f1"), QStringLiteral("Eve"),
                     {drink("Champagne", 6)}, 9000),
                forger)},
        {QStringLiteral("payment still pending"), QStringLiteral("NOT_PAID"),
            sign(claims(QStringLiteral("ord_d4"), QStringLiteral("tok_d4"), QStringLiteral("Jo P."),
                {drink("Mojito", 1)}, 1200))},
        {QStringLiteral("refunded"), QStringLiteral("TOKEN_REVOKED"),
            sign(claims(QStringLiteral("ord_d5"), QStringLiteral("tok_d5"), QStringLiteral("Kim L."),
                {drink("Gin & Tonic", 1)}, 1000))},
        {QStringLiteral("legacy order code in the cache"), QStringLiteral("OK"), QByteArray("order_d6_qr")},
        {QStringLiteral("legacy order code the kiosk has never seen"), QStringLiteral("UNKNOWN_ORDER"),
            QByteArray("order_nope_qr")},
        {QStringLiteral("a QR code that is not a drink (a web link)"), QStringLiteral("MALFORMED"),
            QByteArray("https://example.com/menu")},
    };

    QFile feedFile(out.filePath(QStringLiteral("feed.json")));
    QFile codesFile(out.filePath(QStringLiteral("codes.tsv")));
    if (!feedFile.open(QIODevice::WriteOnly) || !codesFile.open(QIODevice::WriteOnly)) {
        std::fprintf(stderr, "club-demo-data: cannot write to %s\n", qPrintable(out.path()));
        return 2;
    }
    feedFile.write(feed.toJson(QStringLiteral("demo-1")));
    for (const auto &[label, expected, text] : codes)
        codesFile.write(label.toUtf8() + '\t' + expected.toUtf8() + '\t' + text + '\n');
    return 0;
}
