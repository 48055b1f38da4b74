// kioskctl decode: the scanner's cascade on still images, every step, every code. Each code is
// printed as text decoded by its ECI or guessed charset (a menu link or a greeting shows what it
// says), with what the kiosk would make of its exact bytes: a drink code in which form, or not
// a drink code.

#include "cli_p.h"

#include "compactcode.h"
#include "decodecascade.h"
#include "stillimage.h"
#include "token.h"

#include <QJsonArray>

using namespace kiosk::scanner;

namespace kioskctl {

namespace {

// What the kiosk sees in the exact bytes: the form it would verify, or none.
QString drinkForm(const QByteArray &bytes)
{
    const kiosk::ScannedCode c = kiosk::classifyCode(bytes);
    switch (c.form) {
    case kiosk::CodeForm::Token:
        return bytes.startsWith(kiosk::kCompactPrefix) ? QStringLiteral("dk1") : QStringLiteral("jws");
    case kiosk::CodeForm::Legacy:
        return QStringLiteral("legacy");
    case kiosk::CodeForm::Malformed:
        break;
    }
    return QString();
}

// A code's text for a terminal: control characters (a newline, an escape sequence that would
// recolour or clear the screen) are shown as escapes, never sent.
QString printable(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar ch : text) {
        const char16_t u = ch.unicode();
        if (u == u'\n')
            out += QStringLiteral("\\n");
        else if (u == u'\t')
            out += QStringLiteral("\\t");
        else if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0))
            out += QStringLiteral("\\x%1").arg(int(u), 2, 16, QLatin1Char('0'));
        else
            out += ch;
    }
    return out;
}

QString describe(const DecodedCode &c, const QString &form)
{
    static const QHash<QString, QString> forms{{QStringLiteral("dk1"), QStringLiteral("drink code, DK1")},
        {QStringLiteral("jws"), QStringLiteral("drink code, JWS")},
        {QStringLiteral("legacy"), QStringLiteral("legacy order code")}};
    QString what = forms.value(form, QStringLiteral("not a drink code"));
    if (c.contentType != QLatin1String("text"))
        what += QStringLiteral("; %1 content").arg(c.contentType);
    if (c.hasEci)
        what += QStringLiteral("; charset from its ECI");
    return what;
}

} // namespace

int cmdDecode(Context &ctx)
{
    if (ctx.args.positionals.isEmpty())
        return usageError(QStringLiteral("decode needs at least one IMAGE"));
    const DecodeCascade cascade;
    QJsonArray results;
    bool anyUnreadable = false;
    bool anyEmpty = false;
    for (const QString &file : ctx.args.positionals) {
        QString error;
        const auto image = loadLumaImage(file, &error);
        if (!image) {
            anyUnreadable = true;
            if (ctx.json)
                results.append(QJsonObject{{QStringLiteral("file"), file}, {QStringLiteral("error"), error}});
            else
                writeOut(QStringLiteral("%1: cannot read: %2\n").arg(file, error));
            continue;
        }
        const DecodeResult r = cascade.decodeAll(image->view());
        anyEmpty = anyEmpty || r.codes.isEmpty();
        if (ctx.json) {
            QJsonArray codes, details;
            for (const auto &c : r.codes) {
                const QString form = drinkForm(c.text);
                codes.append(c.displayText);
                details.append(QJsonObject{{QStringLiteral("text"), c.displayText},
                    {QStringLiteral("bytes"), QString::fromLatin1(c.text.toHex())},
                    {QStringLiteral("contentType"), c.contentType}, {QStringLiteral("eci"), c.hasEci},
                    {QStringLiteral("drinkCode"), form.isEmpty() ? QJsonValue() : QJsonValue(form)}});
            }
            results.append(QJsonObject{{QStringLiteral("file"), file}, {QStringLiteral("codes"), codes},
                {QStringLiteral("details"), details}, {QStringLiteral("ms"), qRound(r.ms * 10) / 10.0},
                {QStringLiteral("step"), decodeStepName(r.step)}});
        } else {
            writeOut(
                QStringLiteral("%1: %2 code(s) in %3 ms%4\n")
                    .arg(file)
                    .arg(r.codes.size())
                    .arg(r.ms, 0, 'f', 1)
                    .arg(r.codes.isEmpty() ? QString()
                                           : QStringLiteral(" (read by the %1 step)").arg(decodeStepName(r.step))));
            for (const auto &c : r.codes)
                writeOut(
                    QStringLiteral("  %1\n    (%2)\n").arg(printable(c.displayText), describe(c, drinkForm(c.text))));
        }
    }
    if (ctx.json)
        writeJson(QJsonObject{{QStringLiteral("results"), results}});
    if (anyUnreadable)
        return ExitError;
    return anyEmpty ? ExitRejected : ExitOk;
}

} // namespace kioskctl
