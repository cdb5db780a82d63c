/* cpis-clinician-view-private.h: what the tests look at inside the view */
#pragma once

#include "cpis-clinician-view.h"
#include "cpis-nhs-number-entry.h"
#include "cpis-patient-banner.h"

G_BEGIN_DECLS

/* "ready", "checking", "found", "no-record" or "failed" */
const char         *_cpis_clinician_view_get_state        (CpisClinicianView *self);
CpisNhsNumberEntry *_cpis_clinician_view_get_entry        (CpisClinicianView *self);
GtkListBox         *_cpis_clinician_view_get_recent_list  (CpisClinicianView *self);
/* The result shown, or NULL */
CpisCheckResult    *_cpis_clinician_view_get_result       (CpisClinicianView *self);
CpisPatientBanner  *_cpis_clinician_view_get_banner       (CpisClinicianView *self);
AdwLeaflet         *_cpis_clinician_view_get_leaflet      (CpisClinicianView *self);
/* "This access was recorded and … notified." for the local authorities of
 * @plans (CpisPlan), each named once */
char               *_cpis_clinician_view_describe_recorded (GListModel       *plans);

G_END_DECLS
