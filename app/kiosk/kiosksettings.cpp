#include "kiosksettings.h"
#include "store.h"

#include <QCameraDevice>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QMediaDevices>
#include <QQmlEngine>
#include <QTime>
#include <QTranslator>

Q_LOGGING_CATEGORY(lcSettings, "kiosk.ui.settings")

namespace kiosk::app {

namespace {
namespace Key {
constexpr char ConfirmMode[] = "ui_confirm_mode";
constexpr char Sounds[] = "ui_sounds";
constexpr char Language[] = "ui_language";
constexpr char AutoLock[] = "ui_autolock_s";
constexpr char Camera[] = "ui_camera";
constexpr char Resolution[] = "ui_resolution";
constexpr char ShiftStart[] = "ui_shift_start";
} // namespace Key
} // namespace

KioskSettings::KioskSettings(Store &store, const Options &options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_options(options)
{
    load();
    setLanguage(m_language); // the saved language, from the first screen on
}

KioskSettings::~KioskSettings()
{
    if (m_translator)
        QCoreApplication::removeTranslator(m_translator.get());
}

void KioskSettings::load()
{
    auto get = [this](const char *key, const QString &fallback) {
        const QString v = m_store.meta(key).value_or(QString());
        return v.isEmpty() ? fallback : v;
    };
    m_confirmMode = get(Key::ConfirmMode,
                        m_options.confirmModeDefault.value_or(false) ? QStringLiteral("1") : QStringLiteral("0"))
        == QLatin1String("1");
    m_sounds = get(Key::Sounds, QStringLiteral("1")) == QLatin1String("1");
    m_language = get(Key::Language, QStringLiteral("en"));
    m_autoLockSeconds = get(Key::AutoLock, QStringLiteral("300")).toInt();
    m_cameraId = get(Key::Camera, QString());
    m_resolution = get(Key::Resolution, QStringLiteral("1280x720"));
    m_shiftStart = get(Key::ShiftStart, m_options.shiftStartDefault);
    if (!QTime::fromString(m_shiftStart, QStringLiteral("HH:mm")).isValid())
        m_shiftStart = QStringLiteral("16:00");
}

void KioskSettings::save(const char *key, const QString &value)
{
    if (auto st = m_store.setMeta(key, value); !st) {
        m_error = st.error().message;
        qCWarning(lcSettings) << "setting not saved:" << key << m_error;
    } else {
        m_error.clear();
    }
    Q_EMIT changed();
}

void KioskSettings::setConfirmMode(bool on)
{
    if (on == m_confirmMode)
        return;
    m_confirmMode = on;
    save(Key::ConfirmMode, on ? QStringLiteral("1") : QStringLiteral("0"));
}

void KioskSettings::setSoundsEnabled(bool on)
{
    if (on == m_sounds)
        return;
    m_sounds = on;
    save(Key::Sounds, on ? QStringLiteral("1") : QStringLiteral("0"));
}

void KioskSettings::setLanguage(const QString &language)
{
    if (language != QLatin1String("en") && language != QLatin1String("de"))
        return;
    if (language != m_language) {
        m_language = language;
        save(Key::Language, language);
    }
    if (m_translator) {
        QCoreApplication::removeTranslator(m_translator.get());
        m_translator.reset();
    }
    // English has a translation too: its plural forms ("1 order", "2 orders").
    auto t = std::make_unique<QTranslator>();
    if (t->load(QStringLiteral(":/i18n/club-kiosk_%1.qm").arg(language))) {
        QCoreApplication::installTranslator(t.get());
        m_translator = std::move(t);
    } else {
        qCWarning(lcSettings) << "no translation for" << language;
    }
    if (m_engine)
        m_engine->retranslate();
}

void KioskSettings::setAutoLockSeconds(int seconds)
{
    seconds = std::clamp(seconds, 0, 3600);
    if (seconds == m_autoLockSeconds)
        return;
    m_autoLockSeconds = seconds;
    save(Key::AutoLock, QString::number(seconds));
}

void KioskSettings::setCameraId(const QString &id)
{
    if (id == m_cameraId)
        return;
    m_cameraId = id;
    save(Key::Camera, id);
}

void KioskSettings::setResolution(const QString &resolution)
{
    if (resolution == m_resolution)
        return;
    m_resolution = resolution;
    save(Key::Resolution, resolution);
}

void KioskSettings::setShiftStart(const QString &start)
{
    if (start == m_shiftStart || !QTime::fromString(start, QStringLiteral("HH:mm")).isValid())
        return;
    m_shiftStart = start;
    save(Key::ShiftStart, start);
}

bool KioskSettings::virtualKeyboard()
{
    return qgetenv("QT_IM_MODULE") == "qtvirtualkeyboard";
}

QStringList KioskSettings::cameras() const
{
    QStringList out;
    const auto inputs = QMediaDevices::videoInputs();
    for (const auto &c : inputs)
        out << c.description();
    return out;
}

} // namespace kiosk::app
