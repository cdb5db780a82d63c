/* cpis-test-fake-hub.h: a hub that answers what a broken or hostile hub (or
 * a proxy in front of one) would
 *
 * A SoupServer on loopback, in the test's own thread and main context, with
 * the sign-in endpoints, the CareTeam and AuditEvent searches and the
 * demographics read. What each endpoint answers is set per test with a
 * CpisFakeMode. Every request is captured.
 *
 * The notifications' endpoints ([base]/Task…, and the push's
 * [base]/Subscription…) and the area figures' ([base]/Measure…) answer what the test's task_func answers (a 404
 * without one), unless task_mode says otherwise:
 * until the hub serves Task, the client is tested against the contract
 * through them.
 */
#pragma once

#include <libsoup/soup.h>

#include "cpis-hub-client.h"

G_BEGIN_DECLS

#define CPIS_FAKE_LA_NAME "Testshire County Council"
#define CPIS_FAKE_ED_NAME "Testshire General Hospital ED"
#define CPIS_FAKE_EMERGENCY "07700 900001"

typedef enum
{
  CPIS_FAKE_OK,             /* a good answer: one LAC plan; an empty history; a patient */
  CPIS_FAKE_NO_RECORD,      /* a good empty searchset: total 0 */
  CPIS_FAKE_500,
  CPIS_FAKE_503,
  CPIS_FAKE_HTML,           /* a proxy's web page, 200 */
  CPIS_FAKE_TRUNCATED,      /* half the good answer */
  CPIS_FAKE_NOT_FHIR,       /* a resource of the wrong type */
  CPIS_FAKE_EMPTY,          /* 200 with no body */
  CPIS_FAKE_400,
  CPIS_FAKE_401,
  CPIS_FAKE_403,
  CPIS_FAKE_404,            /* a bare 404: no such endpoint */
  CPIS_FAKE_NOT_FOUND,      /* demographics: 404 RESOURCE_NOT_FOUND */
  CPIS_FAKE_SILENT,         /* held, never answered (see cpis_fake_hub_release) */
  CPIS_FAKE_OTHER_CHILD,    /* a good answer about another child */
  /* hostile answers */
  CPIS_FAKE_REDIRECT,       /* 302 to @redirect_to */
  CPIS_FAKE_REPEATED_ENTRY, /* "entry" with the plan, then "entry": [] */
  CPIS_FAKE_INCLUDE_ONLY,   /* the plan marked "include", no total */
  CPIS_FAKE_NO_RECORD_HTML, /* the empty searchset as text/html */
  CPIS_FAKE_DRIP,           /* the good answer, a byte every @drip_interval_ms */
  CPIS_FAKE_HUGE,           /* streams 2 GB of JSON-looking bytes */
  CPIS_FAKE_HUGE_LENGTH,    /* says Content-Length: 2 GB */
  CPIS_FAKE_GZIP_BOMB,      /* 256 MB of spaces, gzipped to a few hundred kB */
  CPIS_FAKE_MANY_PLANS,     /* 10,000 CareTeam matches */
} CpisFakeMode;

typedef struct
{
  char               *method;
  char               *path;
  char               *query;
  char               *body;
  SoupMessageHeaders *headers;
} CpisFakeRequest;

typedef struct _CpisFakeHub CpisFakeHub;

/* Answers a request under [base]/Task or [base]/Subscription (e.g. with
 * cpis_fake_hub_respond) */
typedef void (*CpisFakeTaskFunc) (CpisFakeHub       *fake,
                                  SoupServerMessage *msg,
                                  CpisFakeRequest   *request,
                                  gpointer           user_data);

struct _CpisFakeHub
{
  SoupServer   *server;
  char         *origin;
  char         *base_url;
  CpisFakeMode  token_mode;
  CpisFakeMode  userinfo_mode;
  CpisFakeMode  care_team_mode;
  CpisFakeMode  audit_event_mode;
  CpisFakeMode  patient_mode;
  CpisFakeMode  task_mode;          /* CPIS_FAKE_OK: task_func answers */
  CpisFakeTaskFunc task_func;
  gpointer      task_data;
  char         *redirect_to;        /* CPIS_FAKE_REDIRECT: the Location */
  guint         drip_interval_ms;   /* CPIS_FAKE_DRIP: 200 unless set */
  GPtrArray    *requests;           /* CpisFakeRequest, in order */
  GPtrArray    *paused;             /* SoupServerMessage held by CPIS_FAKE_SILENT */
  guint         drips_finished;     /* dripped answers written to the end */
  guint64       bytes_streamed;     /* of CPIS_FAKE_HUGE answers */
};

CpisFakeHub   *cpis_fake_hub_new              (void);
void           cpis_fake_hub_free             (CpisFakeHub  *fake);
/* A client signed in to @fake (as "fake", a clinician in unscheduled care) */
CpisHubClient *cpis_fake_hub_sign_in          (CpisFakeHub  *fake);
/* Iterates until @fake holds at least @n requests it has not answered */
void           cpis_fake_hub_wait_for_paused  (CpisFakeHub  *fake,
                                               guint         n);
/* Answers every held request as @mode would have, and forgets them */
void           cpis_fake_hub_release          (CpisFakeHub  *fake,
                                               CpisFakeMode  mode);
/* The captured requests whose path starts with @prefix ("/cpis/FHIR/R4/"),
 * in order (not owned) */
GPtrArray     *cpis_fake_hub_requests_under   (CpisFakeHub  *fake,
                                               const char   *prefix);

/* For a task_func: @body (copied) as @content_type, with an ETag unless NULL */
void           cpis_fake_hub_respond          (SoupServerMessage *msg,
                                               guint              status,
                                               const char        *content_type,
                                               const char        *body,
                                               const char        *etag);
/* An OperationOutcome with @details_code and @diagnostics (may be NULL) */
void           cpis_fake_hub_respond_outcome  (SoupServerMessage *msg,
                                               guint              status,
                                               const char        *code,
                                               const char        *details_code,
                                               const char        *diagnostics);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisFakeHub, cpis_fake_hub_free)

G_END_DECLS
