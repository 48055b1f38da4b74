#include "commands.h"

#include "args.h"
#include "cli_p.h"
#include "healthreport.h"
#include "output.h"

#include "clock.h"
#include "config.h"
#include "devicekey.h"
#include "feed.h"
#include "ledger.h"
#include "outbox.h"
#include "redeemer.h"
#include "restore.h"
#include "store.h"
#include "timeutil.h"
#include "verifier.h"

#include "onlineredeemer.h"
#include "peernetwork.h"
#include "syncengine.h"

#include <QEventLoop>
#include <QScopeGuard>
#include <QTimer>

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cstdio>
#include <functional>

using namespace kiosk;

namespace kioskctl {

void writeOut(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stdout);
    std::fflush(stdout);
}

void writeOut(const QString &text)
{
    // Human output only (JSON goes through writeJson, escaped): nothing from a code or the feed
    // may drive the terminal.
    writeOut(printable(text).toUtf8());
}

void writeJson(const QJsonObject &o)
{
    writeOut(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
}

int fail(const QString &message, int code)
{
    const QByteArray bytes = "kioskctl: " + printable(message).toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stderr);
    std::fflush(stderr);
    return code;
}

int usageError(const QString &message)
{
    return fail(message + QStringLiteral(" (run `kioskctl help` for usage)"));
}

namespace {

const char kUsage[] = R"(kioskctl: the Club Kiosk's command-line twin

usage: kioskctl [--db PATH] [--config FILE] COMMAND [ARGS] [--json]

commands:
  init --venue ID [--name NAME]        create an empty database bound to venue ID
  import FILE|-                        apply a change-feed document to the cache
  quarantine [--limit N]               feed entries set aside (unknown or unusable), newest first
  backup FILE                          a consistent copy of the database (safe while the kiosk runs)
  restore FILE [--discard-since-backup] [--other-venue]
                                       put a backup back (the kiosk must be stopped); keeps
                                       what was recorded since the backup, sent or not, and
                                       the pairing; the replaced database goes to backups/
  doctor                               what an operator checks: version, database and its
                                       integrity, disk, cameras, pairing, sync, clock
  outbox                               unsent and rejected redemptions, with the cloud's reasons
  outbox requeue SEQ...|--all [--staff ID] [--note TEXT]
                                       put rejected redemptions back in the upload queue
  verify TEXT|- [--now UNIX]           verify a scanned text; changes nothing
  verify --batch FILE|- [--now UNIX]   verify one text per line, one JSON line each
  redeem TEXT|- [--staff ID] [--now UNIX] [--offline] [--no-peers] [--peer-wait MS]
                                       verify and, if OK, record the redemption;
                                       a paired kiosk then tells the other bars
                                       and confirms it with the cloud (--offline:
                                       wait for neither; --no-peers: not the bars)
  redeem --batch FILE|- [--staff ID] [--now UNIX]
  void SEQ --reason TEXT [--staff ID] [--now UNIX]
                                       void a redemption (a new ledger row)
  history [--from T] [--to T] [--status S] [--limit N] [--scans]
          [--format table|csv|json]    redemption history, newest first
                                       (--scans: every scan, rejections included)
  status                               venue, device, cache sizes, outbox, keys, sync state
  decode IMAGE...                      read every QR code in each image (PNG, JPEG)
  pair URL CODE [--name NAME]          pair this kiosk with the cloud (creates the database if needed)
  sync [--once] [--server URL] [--interval SECONDS] [--peer-port N] [--peer-listen ADDR] [--no-peers]
                                       run the sync engine once, or until interrupted;
                                       the long run also links with the other bars
  peers [--peer-wait MS]               which other bars of the venue this kiosk reaches now

T is Unix seconds, an RFC 3339 time or a local date (2026-11-22). S is one of
redeemed, voided, conflict, rejected, offline, unsent, local, foreign, typed, scanned.
TEXT "-" reads stdin verbatim (nothing stripped); use "--" before a TEXT that
starts with "--". Exit codes: 0 success/OK, 1 rejected, 2 usage or environment error.
)";

// Opens FILE, or stdin for "-"; on failure returns false with a message naming the input.
bool openInput(const QString &name, QFile *f, QString *error)
{
    const bool isStdin = name == QLatin1String("-");
    const bool opened
        = isStdin ? f->open(stdin, QIODevice::ReadOnly) : (f->setFileName(name), f->open(QIODevice::ReadOnly));
    if (!opened)
        *error = QStringLiteral("cannot read %1: %2").arg(isStdin ? QStringLiteral("stdin") : name, f->errorString());
    return opened;
}

// Reads a whole input with a size cap; longer inputs are cut at cap + 1 bytes so the caller
// can tell they were too long without holding them in memory.
std::optional<QByteArray> readInput(const QString &name, qsizetype cap, QString *error)
{
    QFile f;
    if (!openInput(name, &f, error))
        return std::nullopt;
    // A pipe hands data over in pieces: read until end of input (or one byte past the cap).
    QByteArray data;
    char buffer[64 * 1024];
    while (data.size() <= cap) {
        const qint64 n = f.read(buffer, qMin<qint64>(sizeof buffer, cap + 1 - data.size()));
        if (n < 0) {
            *error = QStringLiteral("cannot read %1: %2").arg(name, f.errorString());
            return std::nullopt;
        }
        if (n == 0)
            break;
        data.append(buffer, n);
    }
    return data;
}

std::optional<qint64> parseNow(const QString &s)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,11}$"));
    if (!digits.match(s).hasMatch())
        return std::nullopt;
    return s.toLongLong() * 1000;
}

// Unix seconds, RFC 3339, or a local calendar date (its midnight).
std::optional<qint64> parseTimeArg(const QString &s)
{
    if (auto unix = parseNow(s))
        return unix;
    if (auto ms = parseRfc3339Ms(s.toLatin1()))
        return ms;
    const QDate date = QDate::fromString(s, Qt::ISODate);
    if (date.isValid() && s.size() == 10)
        return date.startOfDay().toMSecsSinceEpoch();
    return std::nullopt;
}

Result<std::unique_ptr<Store>> openStore(const Context &ctx)
{
    return Store::open(ctx.dbPath);
}

int storeError(const Error &e)
{
    return fail(e.message);
}

int cmdInit(Context &ctx)
{
    const auto venue = ctx.args.value(QStringLiteral("--venue"));
    if (!venue)
        return usageError(QStringLiteral("init needs --venue ID"));
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9_.:-]{1,128}$"));
    if (!idPattern.match(*venue).hasMatch())
        return usageError(QStringLiteral("venue id '%1' must be 1 to 128 of A-Z a-z 0-9 _ . : -").arg(*venue));
    if (!ctx.args.positionals.isEmpty())
        return usageError(QStringLiteral("init takes no arguments besides its options"));
    const QString name = ctx.args.value(QStringLiteral("--name")).value_or(QString());
    auto store = Store::create(ctx.dbPath, *venue, name, ctx.clock());
    if (!store)
        return storeError(store.error());
    auto device = (*store)->deviceId();
    if (!device)
        return storeError(device.error());
    if (ctx.json) {
        writeJson(QJsonObject{{QStringLiteral("database"), ctx.dbPath}, {QStringLiteral("venueId"), *venue},
            {QStringLiteral("venueName"), name.isEmpty() ? *venue : name}, {QStringLiteral("deviceId"), *device},
            {QStringLiteral("schemaVersion"), (*store)->schemaVersion()}});
    } else {
        writeOut(QStringLiteral("created %1 for venue %2 (device %3)\n").arg(ctx.dbPath, *venue, *device));
    }
    return ExitOk;
}

int cmdImport(Context &ctx)
{
    if (ctx.args.positionals.size() != 1)
        return usageError(QStringLiteral("import needs exactly one FILE (or - for stdin)"));
    QString error;
    const auto data = readInput(ctx.args.positionals.first(), kMaxFeedDocumentBytes, &error);
    if (!data)
        return fail(error);
    auto doc = parseFeedDocument(*data);
    if (!doc)
        return fail(QStringLiteral("%1; nothing was imported").arg(doc.error().message));
    auto store = openStore(ctx);
    if (!store)
        return storeError(store.error());
    FeedIngest ingest(**store, ctx.clock());
    auto summary = ingest.apply(*doc);
    if (!summary)
        return fail(QStringLiteral("%1; nothing was imported").arg(summary.error().message));
    const auto &s = *summary;
    if (ctx.json) {
        writeJson(QJsonObject{{QStringLiteral("changes"), doc->changes.size()}, {QStringLiteral("orders"), s.orders},
            {QStringLiteral("redemptions"), s.redemptions}, {QStringLiteral("keys"), s.keys},
            {QStringLiteral("staff"), s.staff}, {QStringLiteral("revocations"), s.revocations},
            {QStringLiteral("devices"), s.devices}, {QStringLiteral("superseded"), s.superseded},
            {QStringLiteral("unchanged"), s.unchanged}, {QStringLiteral("quarantined"), s.quarantined},
            {QStringLiteral("snapshotCompleted"), s.snapshotCompleted}, {QStringLiteral("retired"), s.retired},
            {QStringLiteral("cursor"), s.cursor}, {QStringLiteral("hasMore"), s.hasMore}});
    } else {
        writeOut(
            QStringLiteral("imported %1 change(s): %2 order(s), %3 redemption row(s) from other kiosks, %4 key(s), "
                           "%5 staff, %6 revocation(s); %7 superseded, %8 unchanged; cursor %9\n")
                .arg(doc->changes.size())
                .arg(s.orders)
                .arg(s.redemptions)
                .arg(s.keys)
                .arg(s.staff)
                .arg(s.revocations)
                .arg(s.superseded)
                .arg(s.unchanged)
                .arg(s.cursor));
        if (s.quarantined > 0)
            writeOut(QStringLiteral("%1 entr%2 set aside (see `kioskctl quarantine`)\n")
                         .arg(s.quarantined)
                         .arg(s.quarantined == 1 ? QStringLiteral("y") : QStringLiteral("ies")));
        if (s.snapshotCompleted)
            writeOut(QStringLiteral("snapshot complete: %1 staff, key(s) or device(s) it did not list are no longer "
                                    "live\n")
                         .arg(s.retired));
    }
    return ExitOk;
}

// `outbox`: the rejected redemptions with the cloud's reasons; `outbox requeue SEQ...|--all`:
// a manager puts them back in the upload queue (recorded, with --staff and --note).
int cmdOutbox(Context &ctx)
{
    const QStringList &pos = ctx.args.positionals;
    const bool requeue = !pos.isEmpty() && pos.first() == QLatin1String("requeue");
    if (!pos.isEmpty() && !requeue)
        return usageError(QStringLiteral("outbox takes no arguments, or `requeue SEQ...` / `requeue --all`"));
    QList<qint64> seqs;
    for (qsizetype i = 1; i < pos.size(); ++i) {
        bool ok = false;
        const qint64 seq = pos.at(i).toLongLong(&ok);
        if (!ok || seq <= 0)
            return usageError(
                QStringLiteral("'%1' is not a redemption SEQ (a positive number, see `history`)").arg(pos.at(i)));
        seqs.append(seq);
    }
    const bool all = ctx.args.has(QStringLiteral("--all"));
    if (requeue && seqs.isEmpty() == !all)
        return usageError(QStringLiteral("outbox requeue needs the SEQs to requeue, or --all (not both)"));
    auto store = openStore(ctx);
    if (!store)
        return storeError(store.error());
    Outbox outbox(**store);
    if (requeue) {
        const QString staffId = ctx.args.value(QStringLiteral("--staff")).value_or(QString());
        if (!staffId.isEmpty()) {
            if (auto staff = (*store)->activeStaff(staffId); !staff)
                return usageError(staff.error().message);
        }
        auto done = outbox.requeueRejected(
            seqs, staffId, ctx.args.value(QStringLiteral("--note")).value_or(QString()), ctx.clock().nowMs());
        if (!done)
            return done.error().code == ErrorCode::InvalidArgument || done.error().code == ErrorCode::NotFound
                ? fail(done.error().message + QStringLiteral("; nothing was requeued"))
                : storeError(done.error());
        QJsonArray array;
        for (qint64 seq : *done)
            array.append(seq);
        if (ctx.json)
            writeJson(QJsonObject{{QStringLiteral("requeued"), array}});
        else
            writeOut(QStringLiteral("%1 redemption(s) back in the upload queue; the next sync sends them\n")
                         .arg(done->size()));
        return ExitOk;
    }
    HistoryFilter filter;
    filter.status = QStringLiteral("rejected");
    auto rows = Ledger(**store).history(filter);
    auto counts = (*store)->counts();
    if (!rows)
        return storeError(rows.error());
    if (!counts)
        return storeError(counts.error());
    if (ctx.json) {
        QJsonArray array;
        for (const auto &r : *rows)
            array.append(historyRowJson(r));
        writeJson(QJsonObject{{QStringLiteral("pending"), counts->outboxPending}, {QStringLiteral("rejected"), array}});
        return ExitOk;
    }
    QString text = QStringLiteral("%1 redemption(s) waiting to be uploaded; %2 rejected by the cloud\n")
                       .arg(counts->outboxPending)
                       .arg(rows->size());
    for (const auto &r : *rows)
        text += QStringLiteral("  #%1  %2  order %3: %4\n")
                    .arg(r.entry.seq)
                    .arg(formatRfc3339Ms(r.entry.atMs), r.entry.orderId, r.rejectReason);
    if (!rows->isEmpty())
        text
            += QStringLiteral("put them back with `kioskctl outbox requeue SEQ... --staff ID --note WHY` (or --all)\n");
    writeOut(text);
    return ExitOk;
}

// `doctor`: what an operator checks first (app/report/healthreport.h); reads only. Exit 1
// when a check fails.
int cmdDoctor(Context &ctx)
{
    if (!ctx.args.positionals.isEmpty())
        return usageError(QStringLiteral("doctor takes no arguments"));
    HealthOptions options;
    options.nowMs = ctx.clock().nowMs();
    options.clockSkewSeconds = ctx.config.clockSkewSeconds;
    options.version = QStringLiteral("kioskctl %1").arg(QCoreApplication::applicationVersion());
    options.configPath = ctx.configPath;
    const QList<HealthCheck> checks = healthChecks(ctx.dbPath, options);
    if (ctx.json)
        writeJson(healthJson(checks));
    else
        writeOut(healthText(checks));
    return healthy(checks) ? ExitOk : ExitRejected;
}

// `restore FILE`: the backup in place of the database, keeping what was recorded since (see
// core/restore.h); only while no kiosk runs on the database.
int cmdRestore(Context &ctx)
{
    if (ctx.args.positionals.size() != 1)
        return usageError(QStringLiteral("restore needs exactly one backup FILE"));
    RestoreOptions options;
    options.discardSinceBackup = ctx.args.has(QStringLiteral("--discard-since-backup"));
    options.allowOtherVenue = ctx.args.has(QStringLiteral("--other-venue"));
    options.carryMeta = {QString::fromLatin1(MetaKey::DeviceId), QString::fromLatin1(sync::SyncMeta::ServerUrl),
        QString::fromLatin1(sync::SyncMeta::AccessToken), QString::fromLatin1(sync::SyncMeta::RefreshToken),
        QString::fromLatin1(sync::SyncMeta::NeedsPairing)};
    auto report = restoreDatabase(ctx.dbPath, ctx.args.positionals.first(), options, ctx.clock());
    if (!report)
        return storeError(report.error());
    const RestoreReport &r = *report;
    if (ctx.json) {
        writeJson(QJsonObject{{QStringLiteral("restored"), ctx.dbPath},
            {QStringLiteral("from"), ctx.args.positionals.first()}, {QStringLiteral("backupSchema"), r.backupSchema},
            {QStringLiteral("keptLiveCopy"), r.keptLiveCopy}, {QStringLiteral("liveProblem"), r.liveProblem},
            {QStringLiteral("carriedRows"), r.carriedRows}, {QStringLiteral("updatedStates"), r.updatedStates},
            {QStringLiteral("droppedRows"), r.droppedRows}, {QStringLiteral("ledgerRows"), r.ledgerRows},
            {QStringLiteral("outboxPending"), r.outboxPending}});
        return ExitOk;
    }
    writeOut(QStringLiteral("restored %1 from %2 (schema %3)\n")
                 .arg(ctx.dbPath, ctx.args.positionals.first())
                 .arg(r.backupSchema));
    if (!r.liveProblem.isEmpty())
        writeOut(QStringLiteral("the replaced database could not be read (%1): nothing was carried over; what it "
                                "recorded since the backup is in the cloud if it was sent\n")
                     .arg(r.liveProblem));
    else if (options.discardSinceBackup)
        writeOut(
            QStringLiteral("%1 local redemption(s) or void(s) made since the backup were left out (they are in the "
                           "replaced database)\n")
                .arg(r.droppedRows));
    else
        writeOut(QStringLiteral("carried over from the replaced database: %1 redemption(s) and void(s) made since the "
                                "backup, %2 newer upload state(s), the pairing\n")
                     .arg(r.carriedRows)
                     .arg(r.updatedStates));
    writeOut(QStringLiteral("now %1 ledger rows, %2 waiting to upload; the feed starts again from a full snapshot\n")
                 .arg(r.ledgerRows)
                 .arg(r.outboxPending));
    if (!r.keptLiveCopy.isEmpty())
        writeOut(QStringLiteral("the replaced database is kept at %1\n").arg(r.keptLiveCopy));
    return ExitOk;
}

// `backup FILE`: a consistent copy of the database (while the kiosk runs), private, never over
// an existing file.
int cmdBackup(Context &ctx)
{
    if (ctx.args.positionals.size() != 1)
        return usageError(QStringLiteral("backup needs exactly one FILE to write"));
    const QString file = ctx.args.positionals.first();
    auto store = openStore(ctx);
    if (!store)
        return storeError(store.error());
    if (auto st = (*store)->backup(file); !st)
        return st.error().code == ErrorCode::AlreadyExists ? fail(st.error().message) : storeError(st.error());
    const qint64 bytes = QFileInfo(file).size();
    if (ctx.json)
        writeJson(QJsonObject{{QStringLiteral("backup"), file}, {QStringLiteral("bytes"), bytes}});
    else
        writeOut(QStringLiteral("backed up %1 to %2 (%3 bytes)\n").arg(ctx.dbPath, file).arg(bytes));
    return ExitOk;
}

// --limit N, when given: a positive number into *limit (left as it is without the option).
bool readLimit(const Context &ctx, int *limit)
{
    const auto value = ctx.args.value(QStringLiteral("--limit"));
    if (!value)
        return true;
    bool ok = false;
    const int n = value->toInt(&ok);
    if (!ok || n <= 0)
        return false;
    *limit = n;
    return true;
}

int cmdQuarantine(Context &ctx)
{
    if (!ctx.args.positionals.isEmpty())
        return usageError(QStringLiteral("quarantine takes no arguments besides --limit"));
    int limit = 50;
    if (!readLimit(ctx, &limit))
        return usageError(QStringLiteral("--limit must be a positive number"));
    auto store = openStore(ctx);
    if (!store)
        return storeError(store.error());
    auto rows = FeedIngest::quarantine(**store, limit);
    auto total = FeedIngest::quarantineCount(**store);
    if (!rows)
        return storeError(rows.error());
    if (!total)
        return storeError(total.error());
    if (ctx.json) {
        QJsonArray array;
        for (const auto &r : *rows)
            array.append(QJsonObject{{QStringLiteral("id"), r.id},
                {QStringLiteral("receivedAt"), formatRfc3339Ms(r.receivedMs)}, {QStringLiteral("type"), r.entry.type},
                {QStringLiteral("entityId"), r.entry.entityId.isEmpty() ? QJsonValue() : QJsonValue(r.entry.entityId)},
                {QStringLiteral("reason"), r.entry.reason}, {QStringLiteral("raw"), QString::fromUtf8(r.entry.raw)}});
        writeJson(QJsonObject{{QStringLiteral("entries"), array}, {QStringLiteral("count"), *total}});
        return ExitOk;
    }
    if (rows->isEmpty()) {
        writeOut(QStringLiteral("no feed entries set aside\n"));
        return ExitOk;
    }
    QString text = QStringLiteral("%1 feed entr%2 set aside (newest first):\n")
                       .arg(*total)
                       .arg(*total == 1 ? QStringLiteral("y") : QStringLiteral("ies"));
    for (const auto &r : *rows) {
        text += QStringLiteral("#%1  %2  %3 %4\n    why: %5\n    raw: %6\n")
                    .arg(r.id)
                    .arg(formatRfc3339Ms(r.receivedMs), r.entry.type,
                        r.entry.entityId.isEmpty() ? QStringLiteral("(no id)") : r.entry.entityId, r.entry.reason,
                        QString::fromUtf8(r.entry.raw));
    }
    writeOut(text);
    return ExitOk;
}

using CheckFn = std::function<Result<RedeemOutcome>(QByteArrayView)>;

// Runs `check` on each line of FILE|-, printing one compact JSON line per text, in order.
int runBatch(const QString &input, const CheckFn &check)
{
    QFile f;
    QString openError;
    if (!openInput(input, &f, &openError))
        return fail(openError);
    int exit = ExitOk;
    QByteArray line;
    auto handle = [&](QByteArray text) -> bool {
        if (text.endsWith('\r'))
            text.chop(1); // CRLF files: the line ending is not part of the text
        auto outcome = check(text);
        if (!outcome) {
            exit = fail(outcome.error().message);
            return false;
        }
        if (!outcome->verdict.ok())
            exit = ExitRejected;
        writeOut(QJsonDocument(verdictJson(outcome->verdict, outcome->recorded)).toJson(QJsonDocument::Compact) + '\n');
        return true;
    };
    char buffer[64 * 1024];
    bool sawData = false;
    for (;;) {
        const qint64 n = f.read(buffer, sizeof buffer);
        if (n < 0)
            return fail(QStringLiteral("cannot read %1: %2").arg(input, f.errorString()));
        if (n == 0)
            break;
        sawData = true;
        qsizetype start = 0;
        for (qsizetype i = 0; i < n; ++i) {
            if (buffer[i] != '\n')
                continue;
            // Cap what we keep of an overlong line: beyond the limit it is MALFORMED anyway.
            if (line.size() <= kMaxCodeBytes)
                line.append(buffer + start, qMin<qsizetype>(i - start, kMaxCodeBytes + 1 - line.size()));
            if (!handle(std::exchange(line, QByteArray())))
                return exit;
            start = i + 1;
        }
        if (line.size() <= kMaxCodeBytes)
            line.append(buffer + start, qMin<qsizetype>(n - start, kMaxCodeBytes + 1 - line.size()));
    }
    if (sawData && !line.isEmpty() && !handle(line))
        return exit;
    return exit;
}

int printVerdict(const Context &ctx, const RedeemOutcome &outcome)
{
    if (ctx.json) {
        QJsonObject o = verdictJson(outcome.verdict, outcome.recorded);
        if (outcome.peersAsked > 0)
            o.insert(QStringLiteral("peers"),
                QJsonObject{{QStringLiteral("asked"), outcome.peersAsked},
                    {QStringLiteral("answered"), outcome.peersAnswered}});
        writeJson(o);
    } else
        writeOut(verdictText(outcome.verdict, outcome.recorded));
    return outcome.verdict.ok() ? ExitOk : ExitRejected;
}

std::optional<QByteArray> singleText(const Context &ctx, int *exitCode)
{
    if (ctx.args.rawPositionals.size() != 1) {
        *exitCode = usageError(
            QStringLiteral("%1 needs exactly one TEXT (or - for stdin, or --batch FILE)").arg(ctx.command));
        return std::nullopt;
    }
    const QByteArray &raw = ctx.args.rawPositionals.first();
    if (raw != "-")
        return raw;
    QString error;
    auto data = readInput(QStringLiteral("-"), kMaxCodeBytes, &error);
    if (!data)
        *exitCode = fail(error);
    return data;
}

bool isPaired(Store &store)
{
    const auto refresh = store.meta(sync::SyncMeta::RefreshToken);
    const auto needsPairing = store.meta(sync::SyncMeta::NeedsPairing);
    return refresh && !refresh->isEmpty() && needsPairing && *needsPairing != QLatin1String("1");
}

int cmdVerifyOrRedeem(Context &ctx, bool redeem)
{
    VerifierOptions options;
    options.clockSkewSeconds = ctx.config.clockSkewSeconds;
    const auto batch = ctx.args.value(QStringLiteral("--batch"));
    if (batch && !ctx.args.positionals.isEmpty())
        return usageError(QStringLiteral("%1 --batch takes no TEXT argument").arg(ctx.command));
    std::optional<QByteArray> text;
    if (!batch) {
        int code = ExitOk;
        text = singleText(ctx, &code);
        if (!text)
            return code;
    }
    auto store = openStore(ctx);
    if (!store)
        return storeError(store.error());
    const QString staffId = ctx.args.value(QStringLiteral("--staff")).value_or(QString());
    Verifier verifier(**store, ctx.clock(), options);
    // A paired kiosk confirms each redemption with the cloud, as the touch screen does, unless
    // told not to; without an answer in time the local verdict stands.
    std::unique_ptr<sync::SyncEngine> engine;
    if (redeem && !ctx.args.has(QStringLiteral("--offline")) && ctx.config.confirmTimeoutMs > 0 && isPaired(**store)) {
        engine = std::make_unique<sync::SyncEngine>(ctx.dbPath, ctx.clock());
        if (auto st = engine->open(); !st) {
            fail(QStringLiteral("warning: redeeming without online confirmation: ") + st.error().message, ExitOk);
            engine.reset();
        }
    }
    sync::OnlineRedeemOptions online;
    online.confirmTimeoutMs = ctx.config.confirmTimeoutMs;
    online.verifier = options;
    online.strictPeers = ctx.config.peersEnabled && ctx.config.peersStrict;
    sync::OnlineRedeemer redeemer(**store, ctx.clock(), engine.get(), online);
    // The other bars of the venue, as the touch screen consults them (none: nothing waits).
    const auto peers = redeem ? startRedeemPeers(ctx, **store) : nullptr;
    redeemer.setPeers(peers.get());
    const QString source = batch ? QStringLiteral("batch") : QStringLiteral("kioskctl");
    const CheckFn check = [&](QByteArrayView t) -> Result<RedeemOutcome> {
        if (redeem) {
            std::optional<Result<RedeemOutcome>> result;
            QEventLoop loop;
            redeemer.redeem(t.toByteArray(), staffId, source, [&](Result<RedeemOutcome> r) {
                result = std::move(r);
                loop.quit();
            });
            if (!result)
                loop.exec();
            return std::move(*result);
        }
        auto v = verifier.verify(t);
        if (!v)
            return v.error();
        return RedeemOutcome{std::move(*v), std::nullopt};
    };
    // A confirmation's upload may have set off a token refresh that is still on the wire: the
    // rotated token exists only in its reply until it is saved, so wait for it (bounded by the
    // request timeout) before exiting.
    const auto settle = qScopeGuard([&] {
        if (!engine)
            return;
        QEventLoop loop;
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
            if (!engine->client()->refreshing())
                loop.quit();
        });
        poll.start(20);
        if (engine->client()->refreshing())
            loop.exec();
    });
    if (batch)
        return runBatch(*batch, check);
    auto outcome = check(*text);
    if (!outcome)
        return storeError(outcome.error());
    return printVerdict(ctx, *outcome);
}

int cmdVoid(Context &ctx)
{
    bool ok = false;
    const qint64 seq = ctx.args.positionals.size() == 1 ? ctx.args.positionals.first().toLongLong(&ok) : 0;
    if (!ok || seq <= 0)
        return usageError(QStringLiteral("void needs the redemption's SEQ (a positive number, see `history`)"));
    const auto reason = ctx.args.value(QStringLiteral("--reason"));
    if (!reason || reason->trimmed().isEmpty())
        return usageError(QStringLiteral("void needs --reason TEXT"));
    auto store = openStore(ctx);
    if (!store)
        return storeError(store.error());
    Ledger ledger(**store);
    const QString staffId = ctx.args.value(QStringLiteral("--staff")).value_or(QString());
    if (!staffId.isEmpty()) {
        if (auto staff = (*store)->activeStaff(staffId); !staff)
            return usageError(staff.error().message);
    }
    auto voidSeq = ledger.voidRedemption(seq, staffId, *reason, ctx.clock().nowMs());
    if (!voidSeq)
        return storeError(voidSeq.error());
    if (ctx.json)
        writeJson(QJsonObject{{QStringLiteral("voided"), seq}, {QStringLiteral("voidSeq"), *voidSeq}});
    else
        writeOut(QStringLiteral("voided redemption #%1 (ledger row #%2)\n").arg(seq).arg(*voidSeq));
    return ExitOk;
}

int cmdHistory(Context &ctx)
{
    if (!ctx.args.positionals.isEmpty())
        return usageError(QStringLiteral("history takes no arguments besides its options"));
    HistoryFilter filter;
    for (const auto &[flag, target] :
        {std::pair{QStringLiteral("--from"), &filter.fromMs}, std::pair{QStringLiteral("--to"), &filter.toMs}}) {
        if (const auto v = ctx.args.value(flag)) {
            *target = parseTimeArg(*v);
            if (!*target)
                return usageError(
                    QStringLiteral("%1 '%2' is not Unix seconds, an RFC 3339 time or a YYYY-MM-DD date").arg(flag, *v));
        }
    }
    filter.status = ctx.args.value(QStringLiteral("--status")).value_or(QString());
    if (!filter.status.isEmpty() && !Ledger::historyStatuses().contains(filter.status))
        return usageError(QStringLiteral("--status '%1' is not one of %2")
                              .arg(filter.status, Ledger::historyStatuses().join(QLatin1String(", "))));
    if (!readLimit(ctx, &filter.limit))
        return usageError(QStringLiteral("--limit must be a positive number"));
    QString format = ctx.args.value(QStringLiteral("--format")).value_or(QStringLiteral("table"));
    if (format != QLatin1String("table") && format != QLatin1String("csv") && format != QLatin1String("json"))
        return usageError(QStringLiteral("--format must be table, csv or json"));
    if (ctx.json)
        format = QStringLiteral("json");
    const bool scans = ctx.args.has(QStringLiteral("--scans"));
    if (scans && !filter.status.isEmpty())
        return usageError(QStringLiteral("--status applies to redemptions, not to --scans"));

    auto store = openStore(ctx);
    if (!store)
        return storeError(store.error());
    Ledger ledger(**store);
    if (scans) {
        auto rows = ledger.scans(filter.fromMs, filter.toMs, filter.limit);
        if (!rows)
            return storeError(rows.error());
        if (format == QLatin1String("json")) {
            QJsonArray array;
            for (const auto &r : *rows)
                array.append(scanRowJson(r));
            writeJson(QJsonObject{{QStringLiteral("scans"), array}, {QStringLiteral("count"), rows->size()}});
        } else {
            writeOut(format == QLatin1String("csv") ? scansCsv(*rows) : scansTable(*rows).toUtf8());
        }
        return ExitOk;
    }
    auto rows = ledger.history(filter);
    if (!rows)
        return storeError(rows.error());
    if (format == QLatin1String("json")) {
        QJsonArray array;
        for (const auto &r : *rows)
            array.append(historyRowJson(r));
        writeJson(QJsonObject{{QStringLiteral("redemptions"), array}, {QStringLiteral("count"), rows->size()}});
    } else {
        writeOut(format == QLatin1String("csv") ? historyCsv(*rows) : historyTable(*rows).toUtf8());
    }
    return ExitOk;
}

int cmdStatus(Context &ctx)
{
    if (!ctx.args.positionals.isEmpty())
        return usageError(QStringLiteral("status takes no arguments"));
    auto store = openStore(ctx);
    if (!store)
        return storeError(store.error());
    Store &s = **store;
    auto counts = s.counts();
    auto keys = s.keys();
    auto venue = s.venueId();
    auto venueName = s.meta(MetaKey::VenueName);
    auto device = s.deviceId();
    auto cursor = s.meta(MetaKey::FeedCursor);
    auto lastPull = s.meta(MetaKey::LastPullMs);
    auto server = s.meta(sync::SyncMeta::ServerUrl);
    auto refresh = s.meta(sync::SyncMeta::RefreshToken);
    auto needsPairing = s.meta(sync::SyncMeta::NeedsPairing);
    auto lastPush = s.meta(sync::SyncMeta::LastPushMs);
    auto lastState = s.meta(sync::SyncMeta::LastState);
    auto pushProblem = s.meta(sync::SyncMeta::PushProblem);
    auto pushProblemSince = s.meta(sync::SyncMeta::PushProblemSinceMs);
    auto drift = s.meta(MetaKey::ClockDriftMs);
    auto quarantined = FeedIngest::quarantineCount(s);
    if (!quarantined)
        return storeError(quarantined.error());
    auto rejected = Outbox(s).rejectedCount();
    if (!rejected)
        return storeError(rejected.error());
    for (const auto *r :
        {&server, &refresh, &needsPairing, &lastPush, &lastState, &pushProblem, &pushProblemSince, &drift}) {
        if (!*r)
            return storeError(r->error());
    }
    // Never print the tokens themselves: only whether the kiosk holds them.
    const QString pairing = refresh->isEmpty() ? QStringLiteral("not paired")
        : *needsPairing == QLatin1String("1")  ? QStringLiteral("needs pairing again")
                                               : QStringLiteral("paired");
    const QString lastPushAt = lastPush->isEmpty() ? QString() : formatRfc3339Ms(lastPush->toLongLong());
    const QString uploadProblem = pushProblem->isEmpty()
        ? QString()
        : QStringLiteral("%1 since %2").arg(*pushProblem, formatRfc3339Ms(pushProblemSince->toLongLong()));
    // Local clock minus the cloud's at the last pull; unknown before the first page.
    const bool driftKnown = !drift->isEmpty();
    const qint64 driftMs = drift->toLongLong();
    for (const Error *e :
        {counts ? nullptr : &counts.error(), keys ? nullptr : &keys.error(), venue ? nullptr : &venue.error(),
            venueName ? nullptr : &venueName.error(), device ? nullptr : &device.error(),
            cursor ? nullptr : &cursor.error(), lastPull ? nullptr : &lastPull.error()}) {
        if (e)
            return storeError(*e);
    }
    const QString lastPullAt = lastPull->isEmpty() ? QString() : formatRfc3339Ms(lastPull->toLongLong());
    // The device key's thumbprint (RFC 7638), what an operator compares with the cloud's roster.
    auto deviceKey = loadDeviceKey(s, *device);
    if (!deviceKey)
        return storeError(deviceKey.error());
    const QString thumbprint = *deviceKey ? (*deviceKey)->thumbprint() : QString();
    const QJsonValue deviceKeyJson = *deviceKey ? QJsonValue(QJsonObject{{QStringLiteral("thumbprint"), thumbprint},
                                         {QStringLiteral("x"), (*deviceKey)->publicJwk().value(QLatin1String("x"))}})
                                                : QJsonValue();
    if (ctx.json) {
        QJsonArray keyArray;
        for (const auto &k : *keys)
            keyArray.append(QJsonObject{{QStringLiteral("kid"), k.kid},
                {QStringLiteral("notBefore"),
                    k.notBeforeMs ? QJsonValue(formatRfc3339Ms(*k.notBeforeMs)) : QJsonValue()},
                {QStringLiteral("notAfter"), k.notAfterMs ? QJsonValue(formatRfc3339Ms(*k.notAfterMs)) : QJsonValue()},
                {QStringLiteral("revoked"), k.revoked}});
        writeJson(QJsonObject{
            {QStringLiteral("database"), s.path()},
            {QStringLiteral("schemaVersion"), s.schemaVersion()},
            {QStringLiteral("venue"),
                QJsonObject{{QStringLiteral("id"), *venue}, {QStringLiteral("name"), *venueName}}},
            {QStringLiteral("deviceId"), *device},
            {QStringLiteral("deviceKey"), deviceKeyJson},
            {QStringLiteral("cache"),
                QJsonObject{{QStringLiteral("orders"), counts->orders}, {QStringLiteral("keys"), counts->keys},
                    {QStringLiteral("staff"), counts->staff}, {QStringLiteral("revocations"), counts->revocations}}},
            {QStringLiteral("keys"), keyArray},
            {QStringLiteral("ledger"),
                QJsonObject{{QStringLiteral("rows"), counts->ledgerRows},
                    {QStringLiteral("outboxPending"), counts->outboxPending}, {QStringLiteral("rejected"), *rejected},
                    {QStringLiteral("oldestPendingAt"),
                        counts->oldestPendingMs ? QJsonValue(formatRfc3339Ms(*counts->oldestPendingMs))
                                                : QJsonValue()}}},
            {QStringLiteral("scans"), counts->scans},
            {QStringLiteral("quarantined"), *quarantined},
            {QStringLiteral("clockDriftMs"), driftKnown ? QJsonValue(driftMs) : QJsonValue()},
            {QStringLiteral("lastPullAt"), lastPullAt.isEmpty() ? QJsonValue() : QJsonValue(lastPullAt)},
            {QStringLiteral("cursor"), cursor->isEmpty() ? QJsonValue() : QJsonValue(*cursor)},
            {QStringLiteral("cloud"),
                QJsonObject{{QStringLiteral("server"), server->isEmpty() ? QJsonValue() : QJsonValue(*server)},
                    {QStringLiteral("pairing"), pairing},
                    {QStringLiteral("lastPushAt"), lastPushAt.isEmpty() ? QJsonValue() : QJsonValue(lastPushAt)},
                    {QStringLiteral("uploadProblem"),
                        uploadProblem.isEmpty() ? QJsonValue() : QJsonValue(uploadProblem)}}},
        });
        return ExitOk;
    }
    QStringList keyLines;
    for (const auto &k : *keys) {
        QString line = k.kid;
        if (k.revoked)
            line += QStringLiteral(" (revoked)");
        else if (k.notAfterMs)
            line += QStringLiteral(" (valid until %1)").arg(formatRfc3339Ms(*k.notAfterMs));
        keyLines.append(line);
    }
    QString text;
    text += QStringLiteral("database     %1 (schema %2)\n").arg(s.path()).arg(s.schemaVersion());
    text += QStringLiteral("venue        %1 (%2)\n").arg(*venue, *venueName);
    text += QStringLiteral("device       %1, %2\n")
                .arg(*device,
                    thumbprint.isEmpty() ? QStringLiteral("no device key yet (made at pairing)")
                                         : QStringLiteral("device key %1").arg(thumbprint));
    text += QStringLiteral("cache        %1 order(s), %2 key(s), %3 staff, %4 revocation(s)\n")
                .arg(counts->orders)
                .arg(counts->keys)
                .arg(counts->staff)
                .arg(counts->revocations);
    text += QStringLiteral("keys         %1\n")
                .arg(keyLines.isEmpty() ? QStringLiteral("none (import or sync first)")
                                        : keyLines.join(QLatin1String(", ")));
    text += QStringLiteral("ledger       %1 row(s); outbox %2 unsent%3%4\n")
                .arg(counts->ledgerRows)
                .arg(counts->outboxPending)
                .arg(counts->oldestPendingMs
                        ? QStringLiteral(" (oldest %1)").arg(formatRfc3339Ms(*counts->oldestPendingMs))
                        : QString())
                .arg(*rejected > 0 ? QStringLiteral(", %1 rejected (`kioskctl outbox`)").arg(*rejected) : QString());
    text += QStringLiteral("scans        %1\n").arg(counts->scans);
    if (*quarantined > 0)
        text += QStringLiteral("quarantine   %1 feed entr%2 set aside (`kioskctl quarantine`)\n")
                    .arg(*quarantined)
                    .arg(*quarantined == 1 ? QStringLiteral("y") : QStringLiteral("ies"));
    text += QStringLiteral("last pull    %1\n")
                .arg(!lastPullAt.isEmpty() ? QStringLiteral("%1 (cursor %2)").arg(lastPullAt, *cursor)
                                           : QStringLiteral("never"));
    text += QStringLiteral("last push    %1\n").arg(lastPushAt.isEmpty() ? QStringLiteral("never") : lastPushAt);
    if (!uploadProblem.isEmpty())
        text += QStringLiteral("uploads      FAILING: %1 (every redemption stays queued)\n").arg(uploadProblem);
    if (driftKnown)
        text += QStringLiteral("clock        %1 s %2 the cloud's%3\n")
                    .arg(std::abs(driftMs) / 1000.0, 0, 'f', 1)
                    .arg(driftMs >= 0 ? QStringLiteral("ahead of") : QStringLiteral("behind"))
                    .arg(std::abs(driftMs) > qint64(ctx.config.clockSkewSeconds) * 1000
                            ? QStringLiteral(" - MORE THAN THE ALLOWED SKEW: set the clock (NTP)")
                            : QString());
    text += QStringLiteral("cloud        %1\n")
                .arg(server->isEmpty() ? pairing : QStringLiteral("%1 (%2)").arg(*server, pairing));
    writeOut(text);
    return ExitOk;
}

struct CommandInfo
{
    const char *name;
    QSet<QString> valued;
    QSet<QString> flags;
    int (*run)(Context &);
};

int runVerify(Context &ctx)
{
    return cmdVerifyOrRedeem(ctx, false);
}

int runRedeem(Context &ctx)
{
    return cmdVerifyOrRedeem(ctx, true);
}

const QList<CommandInfo> &commands()
{
    static const QList<CommandInfo> list{
        {"init", {QStringLiteral("--venue"), QStringLiteral("--name")}, {}, cmdInit},
        {"import", {QStringLiteral("--now")}, {}, cmdImport},
        {"verify", {QStringLiteral("--now"), QStringLiteral("--batch")}, {}, runVerify},
        {"redeem",
            {QStringLiteral("--now"), QStringLiteral("--batch"), QStringLiteral("--staff"),
                QStringLiteral("--peer-wait")},
            {QStringLiteral("--offline"), QStringLiteral("--no-peers")}, runRedeem},
        {"void", {QStringLiteral("--now"), QStringLiteral("--reason"), QStringLiteral("--staff")}, {}, cmdVoid},
        {"history",
            {QStringLiteral("--from"), QStringLiteral("--to"), QStringLiteral("--status"), QStringLiteral("--format"),
                QStringLiteral("--limit")},
            {QStringLiteral("--scans")}, cmdHistory},
        {"status", {}, {}, cmdStatus},
        {"quarantine", {QStringLiteral("--limit")}, {}, cmdQuarantine},
        {"backup", {}, {}, cmdBackup},
        {"doctor", {QStringLiteral("--now")}, {}, cmdDoctor},
        {"restore", {QStringLiteral("--now")},
            {QStringLiteral("--discard-since-backup"), QStringLiteral("--other-venue")}, cmdRestore},
        {"outbox", {QStringLiteral("--staff"), QStringLiteral("--note"), QStringLiteral("--now")},
            {QStringLiteral("--all")}, cmdOutbox},
        {"decode", {}, {}, cmdDecode},
        {"pair", {QStringLiteral("--name")}, {QStringLiteral("--allow-insecure-http")}, cmdPair},
        {"sync",
            {QStringLiteral("--server"), QStringLiteral("--interval"), QStringLiteral("--peer-port"),
                QStringLiteral("--peer-listen"), QStringLiteral("--peer-faults")},
            {QStringLiteral("--once"), QStringLiteral("--allow-insecure-http"), QStringLiteral("--no-peers")}, cmdSync},
        {"peers", {QStringLiteral("--peer-wait")}, {}, cmdPeers},
    };
    return list;
}

} // namespace

int run(const QList<QByteArray> &argv)
{
    // The command is the first argument that is neither an option nor a global option's value.
    qsizetype commandIndex = -1;
    for (qsizetype i = 0; i < argv.size(); ++i) {
        const QByteArray &a = argv.at(i);
        if (a == "--db" || a == "--config") {
            ++i;
            continue;
        }
        if (a == "--")
            break;
        if (a.startsWith("--") || (a.startsWith('-') && a.size() > 1))
            continue;
        commandIndex = i;
        break;
    }
    if (argv.contains("--help") || argv.contains("-h") || (commandIndex >= 0 && argv.at(commandIndex) == "help")) {
        writeOut(QByteArray(kUsage));
        return ExitOk;
    }
    if (argv.contains("--version")) {
        writeOut(QStringLiteral("kioskctl %1\n").arg(QCoreApplication::applicationVersion()));
        return ExitOk;
    }
    if (commandIndex < 0)
        return fail(QStringLiteral("no command given\n\n") + QString::fromUtf8(kUsage));

    Context ctx;
    ctx.command = QString::fromLocal8Bit(argv.at(commandIndex));
    const CommandInfo *info = nullptr;
    for (const auto &c : commands()) {
        if (ctx.command == QLatin1String(c.name))
            info = &c;
    }
    if (!info) {
        return usageError(QStringLiteral("unknown command '%1'").arg(ctx.command));
    }

    OptionSpec spec;
    spec.valued = info->valued + QSet<QString>{QStringLiteral("--db"), QStringLiteral("--config")};
    spec.flags = info->flags + QSet<QString>{QStringLiteral("--json")};
    QList<QByteArray> rest = argv;
    rest.removeAt(commandIndex);
    if (auto err = parseArgs(rest, spec, &ctx.args))
        return usageError(QStringLiteral("%1 for '%2'").arg(*err, ctx.command));
    ctx.json = ctx.args.has(QStringLiteral("--json"));

    const auto configPath = ctx.args.value(QStringLiteral("--config"));
    auto config = KioskConfig::load(configPath.value_or(KioskConfig::defaultConfigPath()), configPath.has_value());
    if (!config)
        return fail(config.error().message);
    ctx.config = *config;
    {
        const QString used = configPath.value_or(KioskConfig::defaultConfigPath());
        if (QFileInfo::exists(used))
            ctx.configPath = used;
    }
    ctx.dbPath = ctx.args.value(QStringLiteral("--db")).value_or(ctx.config.databasePath);
    if (ctx.dbPath.isEmpty())
        return usageError(QStringLiteral("--db needs a path"));
    if (const auto now = ctx.args.value(QStringLiteral("--now"))) {
        const auto ms = parseNow(*now);
        if (!ms)
            return usageError(QStringLiteral("--now '%1' must be Unix seconds").arg(*now));
        ctx.fixedClock.emplace(*ms);
    }
    return info->run(ctx);
}

} // namespace kioskctl
