#include "clirun.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTimer>

namespace kiosk::test {

QJsonObject CliRun::json() const
{
    return QJsonDocument::fromJson(out).object();
}

namespace {
QProcessEnvironment testEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CLUB_KIOSK_CONFIG"), QStringLiteral("/nonexistent/kiosk.conf"));
    if (!env.contains(QStringLiteral("QT_LOGGING_RULES")))
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("kiosk.*.info=false"));
    return env;
}
} // namespace

void startProgram(QProcess &process, const QString &program, const QStringList &args)
{
    process.setProcessEnvironment(testEnvironment());
    process.start(program, args);
    process.waitForStarted();
}

QByteArray startDemoCloud(QProcess &process, const QString &program, const QStringList &extraArgs)
{
    startProgram(process, program, QStringList{QStringLiteral("--demo")} + extraArgs);
    QByteArray out;
    QElapsedTimer t;
    t.start();
    while (out.count("pairing code") < 2 && t.elapsed() < 10000 && process.state() == QProcess::Running) {
        process.waitForReadyRead(100);
        out += process.readAllStandardOutput();
    }
    return out.count("pairing code") < 2 ? QByteArray() : out;
}

QString demoCloudUrl(const QByteArray &output)
{
    return QRegularExpression(QStringLiteral("listening on (\\S+)")).match(QString::fromUtf8(output)).captured(1);
}

QString demoCloudPairingCode(const QByteArray &output)
{
    return QRegularExpression(QStringLiteral("pairing code (\\S+)")).match(QString::fromUtf8(output)).captured(1);
}

CliRun runProgram(const QString &program, const QStringList &args, const QByteArray &stdinData, int timeoutMs)
{
    QProcess p;
    p.setProcessEnvironment(testEnvironment());
    p.start(program, args);
    if (!p.waitForStarted())
        return {};
    p.write(stdinData);
    p.closeWriteChannel();
    CliRun r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.exit = -2;
    } else {
        r.exit = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QJsonObject cloudAdmin(const QString &url, const QByteArray &method, const QString &path, const QJsonObject &body)
{
    QNetworkAccessManager nam;
    QNetworkRequest req(QUrl(url + path));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply *reply = nam.sendCustomRequest(req, method, QJsonDocument(body).toJson());
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    reply->deleteLater();
    return QJsonDocument::fromJson(reply->readAll()).object();
}

} // namespace kiosk::test
