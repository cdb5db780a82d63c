/* cpis.h: the core library (no GTK) */
#pragma once

#include "cpis-access-event.h"
#include "cpis-date.h"
#include "cpis-fhir-codec.h"
#include "cpis-i18n.h"
#include "cpis-nhs-number.h"
#include "cpis-operation-outcome.h"
#include "cpis-plan-type.h"
#include "cpis-plan.h"
#include "cpis-practitioner-role.h"
#include "cpis-task-codes.h"
#include "cpis-task-note.h"
#include "cpis-task-page.h"
#include "cpis-task-query.h"
#include "cpis-task.h"
#include "cpis-team.h"
#include "cpis-uuid.h"
