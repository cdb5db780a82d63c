/* cpis-hub-capability.h: what a handler tells the CapabilityStatement
 *
 * Each search handler keeps the parameters it reads in a table of
 * CpisHubSearchParam, reads its query by that table, and hands it to
 * cpis-hub-metadata.c, which lists them in [base]/metadata: what the
 * CapabilityStatement says a search takes is what the search reads.
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The hub's own definitions (SearchParameter canonicals) */
#define CPIS_HUB_SEARCH_PARAMETER_BASE \
  "https://cpis-desktop.gnome.example/fhir/SearchParameter/"

typedef struct
{
  const char *name;          /* as written in the query: "patient:identifier", "_count" */
  /* The CapabilityStatement's searchParam.name ("patient" for
   * "patient:identifier"); NULL for what is no search parameter: a result
   * parameter (_count, _sort, _include), another spelling of one listed */
  const char *listed_as;
  const char *type;          /* FHIR search parameter type: token, reference, date, string */
  const char *definition;    /* the SearchParameter's canonical */
  const char *documentation; /* what the hub does with it, for people */
  gboolean    repeats;       /* may be given more than once (a range) */
} CpisHubSearchParam;

/* The search parameters a resource's search reads (pointers into the
 * handler's own table, not owned), in its order */
typedef GPtrArray *(*CpisHubSearchParamsFunc) (const char *resource_type);

/* Reads one parameter of the query (@param its index in the table) into
 * @user_data; FALSE after answering 400 */
typedef gboolean (*CpisHubSearchParamReader) (SoupServerMessage *msg,
                                              guint              param,
                                              const char        *value,
                                              gpointer           user_data);

/* Reads @msg's query by @params (cpis-hub-search-query.c): a parameter not
 * in the table, one given twice that does not repeat, an empty value or a
 * query that cannot be decoded is answered 400 INVALID_SEARCH_DATA (FALSE);
 * every other is handed, trimmed, to @read_param */
gboolean   _cpis_hub_read_search_query (SoupServerMessage        *msg,
                                        const CpisHubSearchParam *params,
                                        guint                     n_params,
                                        CpisHubSearchParamReader  read_param,
                                        gpointer                  user_data);

/* [base]/@resource_type? and the query as given, with _offset=@offset in
 * place of any _offset it had: a page's next and previous links
 * (cpis-hub-search-query.c) */
char      *_cpis_hub_page_url          (SoupServerMessage        *msg,
                                        const char               *base_url,
                                        const char               *resource_type,
                                        guint                     offset);
/* Digits only (_count, _offset); more than @max is taken as @max */
gboolean   _cpis_hub_read_whole_number (const char               *value,
                                        guint64                   max,
                                        guint64                  *number);

/* cpis-hub-fhir-search.c: CareTeam and AuditEvent */
GPtrArray *_cpis_hub_fhir_search_params      (const char *resource_type);
/* cpis-hub-fhir-task.c */
GPtrArray *_cpis_hub_fhir_task_search_params (const char *resource_type);
/* cpis-hub-fhir-directory.c: PractitionerRole and Organization (the LA's
 * social workers and teams) */
GPtrArray *_cpis_hub_fhir_directory_search_params (const char *resource_type);
/* cpis-hub-fhir-la-plans.c: the LA's own plans (CareTeam without a patient) */
GPtrArray *_cpis_hub_fhir_la_plan_search_params (const char *resource_type);
/* cpis-hub-pds.c: Patient, at the demographics base */
GPtrArray *_cpis_hub_pds_search_params       (const char *resource_type);

G_END_DECLS
