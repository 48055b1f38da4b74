#pragma once
// The bartender-facing settings a manager changes on the kiosk (confirm mode, sounds, language,
// auto-lock, camera and resolution), kept in the store's meta table so they survive a restart.
// The language switch installs the translation and retranslates the QML engine.
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <memory>
#include <optional>

#include <QQmlEngine>
class QTranslator;

namespace kiosk {
class Store;
}

namespace kiosk::app {

class KioskSettings : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool confirmMode READ confirmMode WRITE setConfirmMode NOTIFY changed)
    Q_PROPERTY(bool soundsEnabled READ soundsEnabled WRITE setSoundsEnabled NOTIFY changed)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY changed)
    Q_PROPERTY(int autoLockSeconds READ autoLockSeconds WRITE setAutoLockSeconds NOTIFY changed)
    Q_PROPERTY(QString cameraId READ cameraId WRITE setCameraId NOTIFY changed)
    Q_PROPERTY(QString resolution READ resolution WRITE setResolution NOTIFY changed)
    Q_PROPERTY(QStringList cameras READ cameras CONSTANT)
    // When a bar shift starts, "HH:mm" (History's "this shift").
    Q_PROPERTY(QString shiftStart READ shiftStart WRITE setShiftStart NOTIFY changed)
    // Qt Virtual Keyboard is the input method (the kiosk session sets QT_IM_MODULE): the screens
    // show its panel for every text field.
    Q_PROPERTY(bool virtualKeyboard READ virtualKeyboard CONSTANT)
    // Why the last change could not be saved; empty when it was.
    Q_PROPERTY(QString error READ error NOTIFY changed)

public:
    struct Options
    {
        std::optional<bool> confirmModeDefault; // the configuration file's, until Settings sets it
        QString shiftStartDefault = QStringLiteral("16:00"); // likewise
    };
    KioskSettings(Store &store, const Options &options, QObject *parent = nullptr);
    ~KioskSettings() override;

    void setEngine(QQmlEngine *engine) { m_engine = engine; }

    bool confirmMode() const { return m_confirmMode; }
    void setConfirmMode(bool on);
    bool soundsEnabled() const { return m_sounds; }
    void setSoundsEnabled(bool on);
    QString language() const { return m_language; }
    // "en" or "de"; anything else is ignored.
    void setLanguage(const QString &language);
    int autoLockSeconds() const { return m_autoLockSeconds; }
    void setAutoLockSeconds(int seconds);
    QString cameraId() const { return m_cameraId; }
    void setCameraId(const QString &id);
    QString resolution() const { return m_resolution; }
    void setResolution(const QString &resolution);
    QStringList cameras() const;
    QString shiftStart() const { return m_shiftStart; }
    // "HH:mm"; anything else is ignored.
    void setShiftStart(const QString &start);
    QString error() const { return m_error; }
    static bool virtualKeyboard();

Q_SIGNALS:
    void changed();

private:
    void load();
    void save(const char *key, const QString &value);

    Store &m_store;
    Options m_options;
    QPointer<QQmlEngine> m_engine;
    bool m_confirmMode = false;
    bool m_sounds = true;
    QString m_language = QStringLiteral("en");
    int m_autoLockSeconds = 300;
    QString m_cameraId;
    QString m_resolution = QStringLiteral("1280x720");
    QString m_shiftStart = QStringLiteral("16:00");
    QString m_error;
    std::unique_ptr<QTranslator> m_translator;
};

} // namespace kiosk::app
