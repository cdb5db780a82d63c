/* cpis-certificate-details.h: a certificate in words, for the person who
 * must decide whether it is the hub's
 *
 * Said wherever a certificate is refused, so that whoever reads the refusal
 * can compare what was presented with what their organisation's IT says
 * the hub's certificate is, fingerprint and all.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* "Issued to CN=hub.example by CN=Example CA, valid from … to …. SHA-256
 * fingerprint: 3F:…:9A." (what the certificate lacks is left out) */
char *cpis_certificate_details_describe    (GTlsCertificate *certificate);
/* The SHA-256 of the certificate's DER bytes, as upper-case hex pairs
 * separated by colons (as browsers and `openssl x509 -fingerprint` show it);
 * NULL if it has none */
char *cpis_certificate_details_fingerprint (GTlsCertificate *certificate);

G_END_DECLS
