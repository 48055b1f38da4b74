// club-cloud: the reference cloud as a process, on 127.0.0.1, or on the address --listen names
// (0.0.0.0 for kiosks on a test network in namespaces).
//
//   club-cloud [--listen ADDRESS] [--port N] [--demo] [--faults JSON] [--access-ttl SECONDS]
//
// Prints "listening on http://ADDRESS:PORT" once ready. With --demo it creates venue
// ven_demo with staff and orders. Faults can also be changed at run
// time with POST /admin/faults. With --demo it prints three signed codes (each as DK1, the
// "token" line, and as JWS) and two pairing codes, one per kiosk.

#include "referencecloud.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <QHostAddress>

#include <cstdio>

using namespace kiosk::test;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    quint16 port = 0;
    QHostAddress address(QHostAddress::LocalHost);
    bool demo = false;
    QString faultsJson;
    int accessTtl = 0;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--port") && i + 1 < args.size()) {
            bool ok = false;
            port = static_cast<quint16>(args[++i].toUInt(&ok));
            if (!ok) {
                std::fprintf(stderr, "club-cloud: --port needs a number\n");
                return 2;
            }
        } else if (args[i] == QLatin1String("--listen") && i + 1 < args.size()) {
            if (!address.setAddress(args[++i])) {
                std::fprintf(stderr, "club-cloud: --listen needs an IP address\n");
                return 2;
            }
        } else if (args[i] == QLatin1String("--demo")) {
            demo = true;
        } else if (args[i] == QLatin1String("--faults") && i + 1 < args.size()) {
            faultsJson = args[++i];
        } else if (args[i] == QLatin1String("--access-ttl") && i + 1 < args.size()) {
            bool ok = false;
            accessTtl = args[++i].toInt(&ok);
            if (!ok || accessTtl < 1) {
                std::fprintf(stderr, "club-cloud: --access-ttl needs a number of seconds, at least 1\n");
                return 2;
            }
        } else {
            std::fprintf(stderr,
                "usage: club-cloud [--listen ADDRESS] [--port N] [--demo] [--faults JSON] [--access-ttl SECONDS]\n");
            return 2;
        }
    }
    ReferenceCloud cloud;
    if (accessTtl > 0)
        cloud.setAccessTokenLifetime(accessTtl);
    if (!faultsJson.isEmpty()) {
        QString error;
        const auto faults = CloudFaults::fromJson(QJsonDocument::fromJson(faultsJson.toUtf8()).object(), &error);
        if (!faults) {
            std::fprintf(stderr, "club-cloud: --faults: %s\n", qPrintable(error));
            return 2;
        }
        cloud.setFaults(*faults);
    }
    if (!cloud.listenOn(address, port)) {
        std::fprintf(stderr, "club-cloud: cannot listen on %s:%u\n", qPrintable(address.toString()), port);
        return 2;
    }
    std::printf("listening on %s\n", qPrintable(cloud.url().toString()));
    if (demo) {
        cloud.createVenue(QStringLiteral("ven_demo"), QStringLiteral("The Copper Still"));
        cloud.addStaff(QStringLiteral("ven_demo"), QStringLiteral("stf_sam"), QStringLiteral("Sam"),
            QStringLiteral("bartender"), QStringLiteral("1234"));
        cloud.addStaff(QStringLiteral("ven_demo"), QStringLiteral("stf_morgan"), QStringLiteral("Morgan"),
            QStringLiteral("manager"), QStringLiteral("9999"));
        for (int i = 1; i <= 3; ++i) {
            OrderSpec spec;
            spec.id = QStringLiteral("ord_demo_%1").arg(i);
            const MintedOrder m = cloud.createOrder(QStringLiteral("ven_demo"), spec);
            // The DK1 code the app shows, then the same order as the older app's JWS.
            std::printf("order %s token %s\n", qPrintable(spec.id), m.token.constData());
            std::printf("order %s jws %s\n", qPrintable(spec.id), m.jws.constData());
        }
        // Two codes: one for each kiosk of the demo.
        for (int i = 0; i < 2; ++i)
            std::printf("pairing code %s\n", qPrintable(cloud.pairingCode(QStringLiteral("ven_demo"))));
        // And one as the setup code a new kiosk scans (its QR: POST /admin/venues/ven_demo/pairing-codes).
        std::printf("setup code %s\n", cloud.setupCodeText(cloud.pairingCode(QStringLiteral("ven_demo"))).constData());
    }
    std::fflush(stdout);
    return app.exec();
}
