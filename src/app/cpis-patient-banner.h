/* cpis-patient-banner.h: who this is, above every answer, so the nurse can
 * confirm it is the right child
 *
 * As NHS patient banners have it: name, date of birth with age, gender,
 * postcode and NHS number, from the demographics service. While that is on
 * its way, or when it cannot be had, the banner says so (and shows the name
 * CP-IS gives); it never holds up the answer below it. It says plainly when
 * CP-IS names the child differently, when the number was superseded, and
 * when the record is a mother's (an unborn child's plan).
 */
#pragma once

#include <gtk/gtk.h>

#include "cpis-check-result.h"

G_BEGIN_DECLS

#define CPIS_TYPE_PATIENT_BANNER (cpis_patient_banner_get_type ())

G_DECLARE_FINAL_TYPE (CpisPatientBanner, cpis_patient_banner, CPIS, PATIENT_BANNER, GtkWidget)

/* Signals:
 *   "check-number" (const char *nhs_number): the nurse asked to check the
 *                  current number of a superseded one
 */

GtkWidget       *cpis_patient_banner_new        (void);
/* Follows @result (its demographics as they arrive); NULL empties the banner */
void             cpis_patient_banner_set_result (CpisPatientBanner *self,
                                                 CpisCheckResult   *result);
CpisCheckResult *cpis_patient_banner_get_result (CpisPatientBanner *self);

/* "10 years", "8 months", "3 weeks", "5 days": an age as a banner gives it */
char            *cpis_patient_banner_format_age (const char        *birth_date,
                                                 const GDate       *today);

G_END_DECLS
