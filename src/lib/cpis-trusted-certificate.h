/* cpis-trusted-certificate.h: the certificate authority an organisation's
 * hub is signed by, when it is not one the system trusts (NHS networks run
 * their own PKI)
 *
 * A PEM file chosen in Preferences (the "trusted-certificate" setting).
 * When one is set, the hub's certificate must chain to it: the client trusts
 * that authority for the hub, and no other.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CPIS_TRUSTED_CERTIFICATE_ERROR (cpis_trusted_certificate_error_quark ())

typedef enum
{
  CPIS_TRUSTED_CERTIFICATE_ERROR_UNREADABLE,  /* not a file of PEM certificates */
  CPIS_TRUSTED_CERTIFICATE_ERROR_EXPIRED,     /* past its last day, or not yet valid */
} CpisTrustedCertificateError;

GQuark        cpis_trusted_certificate_error_quark    (void);

/* The first certificate in the PEM file at @path, checked to be current at
 * @now: its subject ("CN=NHS Example Root CA,O=…") and last day. FALSE with
 * an error that says what is wrong, in words for the user. */
gboolean      cpis_trusted_certificate_read           (const char  *path,
                                                       GDateTime   *now,
                                                       char       **subject,
                                                       GDateTime  **not_after,
                                                       GError     **error);
/* (transfer full) the authorities of @path, for cpis_hub_client_set_tls_database() */
GTlsDatabase *cpis_trusted_certificate_new_database   (const char  *path,
                                                       GError     **error);

G_END_DECLS
