/* cpis-check-result-private.h: how the hub client fills in a result as the
 * history and the demographics arrive (after the plans have been shown) */
#pragma once

#include "cpis-check-result.h"

G_BEGIN_DECLS

void _cpis_check_result_set_history_pending      (CpisCheckResult *self);
/* @partial: whether @events may be only the newest part of the history */
void _cpis_check_result_set_history              (CpisCheckResult *self,
                                                  GPtrArray       *events,
                                                  gboolean         partial);
void _cpis_check_result_set_history_error        (CpisCheckResult *self,
                                                  const GError    *error);
void _cpis_check_result_set_demographics_pending (CpisCheckResult *self);
void _cpis_check_result_set_patient              (CpisCheckResult *self,
                                                  CpisPatient     *patient);
/* @state: NOT_FOUND or FAILED */
void _cpis_check_result_set_demographics_error   (CpisCheckResult *self,
                                                  CpisFetchState   state,
                                                  const GError    *error);

G_END_DECLS
