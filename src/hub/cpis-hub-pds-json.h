/* cpis-hub-pds-json.h: the hub's demographics as PDS FHIR API JSON
 *
 * A Patient as NHS England's Personal Demographics Service answers one (the
 * examples in shared/fixtures/pds-examples/), and a searchset Bundle of them.
 * The hub holds no telecom and no GP, and of the address only the postcode.
 */
#pragma once

#include <glib.h>

#include "cpis-hub-records.h"

G_BEGIN_DECLS

#define CPIS_HUB_V3_CONFIDENTIALITY_SYSTEM \
  "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"

/* A restricted patient gets meta.security R and no address at all */
char *cpis_hub_pds_encode_patient   (const CpisHubPatient *patient);
/* @patients: CpisHubPatient, each an exact match (search.score 1), in order;
 * @pds_base_url: e.g. "http://127.0.0.1:8443/personal-demographics/FHIR/R4",
 * for each entry's fullUrl; @timestamp: when the search was answered */
char *cpis_hub_pds_encode_searchset (GPtrArray            *patients,
                                     const char           *pds_base_url,
                                     GDateTime            *timestamp);

G_END_DECLS
