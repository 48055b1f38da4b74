#pragma once
// The TLS identity a kiosk presents to its peers: a self-made certificate with a fresh P-256
// key, made at start and never stored. Nobody signs it; the kiosk binds it to its device key by
// signing its fingerprint in the first frame (peerwire.h), which peers check against the roster.

#include <QSslCertificate>
#include <QSslKey>

#include <optional>

namespace kiosk::sync {

struct PeerTlsIdentity
{
    QSslCertificate certificate;
    QSslKey privateKey;
};

// Made with OpenSSL's libcrypto (Qt cannot make certificates); nullopt if it failed.
std::optional<PeerTlsIdentity> makePeerTlsIdentity(const QString &commonName);

// SHA-256 of the certificate's DER: what the hello signs and the other side recomputes.
QByteArray certificateFingerprint(const QSslCertificate &certificate);

} // namespace kiosk::sync
