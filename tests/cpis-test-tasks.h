/* cpis-test-tasks.h: synthetic notifications in bulk, for the inbox's tests
 * and benchmark
 *
 * Deterministic for a seed: statuses, kinds, owners (the LA, a team, one of
 * 25 social workers, CPIS_TEST_TASKS_ME among them), care settings, viewers
 * (each task's access with its PractitionerRole), children with synthetic
 * NHS numbers (999 range, valid check digits) and names, some with letters
 * outside ASCII; raised over the 60 days before @now, newest first (as a
 * search's pages arrive), give or take a few hours.
 */
#pragma once

#include "cpis-task.h"

G_BEGIN_DECLS

/* The social worker "assigned to me" is */
#define CPIS_TEST_TASKS_ME "pr-00"

/* (element-type CpisTask): @n notifications, ids "{serial:08x}-6a51-4c1b-9a7e-2d9e8f1b0c11"
 * on from @first_serial */
GPtrArray *cpis_test_tasks_generate     (guint       n,
                                         guint       first_serial,
                                         guint32     seed,
                                         GDateTime  *now);
/* A newer (or, with @version lower, older) version of @task with @status */
CpisTask  *cpis_test_tasks_new_version  (CpisTask       *task,
                                         CpisTaskStatus  status,
                                         guint           version,
                                         gint64          last_modified);

G_END_DECLS
