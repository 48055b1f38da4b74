#include "peertls.h"

#include <QCryptographicHash>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include <memory>

namespace kiosk::sync {

namespace {

template <typename T, void (*Free)(T *)> struct Deleter
{
    void operator()(T *p) const { Free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

QByteArray drain(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return size > 0 ? QByteArray(data, size) : QByteArray();
}

} // namespace

std::optional<PeerTlsIdentity> makePeerTlsIdentity(const QString &commonName)
{
    Pkey key(EVP_EC_gen("P-256"));
    Cert cert(X509_new());
    if (!key || !cert)
        return std::nullopt;
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1)
        return std::nullopt;
    serial[0] &= 0x7f; // a positive serial number
    std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>> bn(BN_bin2bn(serial, sizeof serial, nullptr));
    const QByteArray cn = commonName.left(64).toUtf8();
    X509_NAME *name = X509_get_subject_name(cert.get());
    const bool built = bn && X509_set_version(cert.get(), 2) == 1
        && BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get())) != nullptr
        && X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr
        // Ten years: the certificate lives as long as the process; the date is never the check.
        && X509_gmtime_adj(X509_getm_notAfter(cert.get()), 10L * 365 * 86400) != nullptr
        && X509_set_pubkey(cert.get(), key.get()) == 1
        && X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
               reinterpret_cast<const unsigned char *>(cn.constData()), int(cn.size()), -1, 0)
            == 1
        && X509_set_issuer_name(cert.get(), name) == 1 && X509_sign(cert.get(), key.get(), EVP_sha256()) > 0;
    if (!built)
        return std::nullopt;
    Bio certPem(BIO_new(BIO_s_mem()));
    Bio keyPem(BIO_new(BIO_s_mem()));
    if (!certPem || !keyPem || PEM_write_bio_X509(certPem.get(), cert.get()) != 1
        || PEM_write_bio_PrivateKey(keyPem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return std::nullopt;
    PeerTlsIdentity id;
    id.certificate = QSslCertificate(drain(certPem.get()), QSsl::Pem);
    id.privateKey = QSslKey(drain(keyPem.get()), QSsl::Ec, QSsl::Pem);
    if (id.certificate.isNull() || id.privateKey.isNull())
        return std::nullopt;
    return id;
}

QByteArray certificateFingerprint(const QSslCertificate &certificate)
{
    return QCryptographicHash::hash(certificate.toDer(), QCryptographicHash::Sha256);
}

} // namespace kiosk::sync
