/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "salur-columns.h"
#include "salur-ledger.h"
#include "salur-store.h"

G_BEGIN_DECLS

typedef enum {
  SALUR_IMPORT_DEFAULT      = 0,
  SALUR_IMPORT_SKIP_INVALID = 1 << 0,   /* store the good rows even if some are refused */
  SALUR_IMPORT_DRY_RUN      = 1 << 1,   /* check everything, store nothing */
} SalurImportFlags;

typedef enum {
  SALUR_PROBLEM_WARNING,    /* stored, but a person should look */
  SALUR_PROBLEM_REFUSED,    /* the row cannot be stored */
} SalurProblemLevel;

typedef struct {
  guint              row;      /* as the spreadsheet numbers it */
  char              *column;   /* the header as written in the file */
  char              *value;    /* the cell as read */
  char              *reason;   /* translated, for a kepala dusun */
  SalurProblemLevel  level;
} SalurImportProblem;

/* One data row of the file as read, for a preview (see keep_rows) */
typedef struct {
  guint        row;         /* as the spreadsheet numbers it */
  guint        n_cells;
  char       **cells;       /* owned by the plan; never NULL */
  gboolean     refused;     /* at least one problem refuses it: it will not be stored */
  gboolean     warned;      /* a warning and no refusal: stored, but a person should look */
} SalurImportRow;

/* A file read, mapped and checked, not yet stored: the preview the treasurer
 * confirms. */
typedef struct {
  char            *path;
  char            *format;      /* salur_sheet_describe () */
  guint            header_row;
  GStrv            headers;
  SalurColumnMap  *columns;
  guint            rows_read;
  guint            refused;     /* rows with at least one refusal */
  guint            warned;      /* rows with a warning and no refusal */
  GPtrArray       *kpm;         /* SalurKpm of the rows that can be stored */
  GPtrArray       *problems;    /* SalurImportProblem, in row order */
  SalurMonth       from_month;  /* the KPM are on the list from this month (default: January this year) */
  GPtrArray       *rows;        /* SalurImportRow of every data row, in file order; NULL unless keep_rows */
  /*< private >*/
  GStringChunk    *cell_chunk;
} SalurImportPlan;

/* How a file is read. COLUMNS, when not NULL, is the field of each column of
 * the header row as a person chose it (SALUR_FIELD_NONE: not used), in
 * place of what the headers say; it must still name a NIK and a name
 * column. KEEP_ROWS keeps every row's cells in the plan for a preview. */
typedef struct {
  const SalurField *columns;
  guint             n_columns;
  gboolean          keep_rows;
} SalurImportOptions;

typedef void (*SalurProgressFunc) (double fraction, gpointer user_data);

/* Reads PATH and checks every row against the rules and the store. Fails
 * only when the file cannot be read as a list at all. */
SalurImportPlan *salur_import_prepare (SalurStore        *store,
                                       const char        *path,
                                       SalurProgressFunc  progress,
                                       gpointer           progress_data,
                                       GCancellable      *cancellable,
                                       GError           **error);

/* The same, read as OPTIONS (may be NULL) say */
SalurImportPlan *salur_import_prepare_full (SalurStore               *store,
                                            const char               *path,
                                            const SalurImportOptions *options,
                                            SalurProgressFunc         progress,
                                            gpointer                  progress_data,
                                            GCancellable             *cancellable,
                                            GError                  **error);

/* Stores the plan's good rows in one transaction, sealed by an import event
 * of BY (a bendahara; NULL only while the store has no operator). Refuses
 * with SALUR_ERROR_INVALID (nothing stored) when rows were refused and
 * SALUR_IMPORT_SKIP_INVALID is not set. Returns the number stored. */
gboolean         salur_import_commit  (SalurStore        *store,
                                       const SalurOperator *by,
                                       SalurImportPlan   *plan,
                                       SalurImportFlags   flags,
                                       guint             *stored,
                                       GError           **error);
/* The same, saying how far it got through PROGRESS (in the caller's
 * thread) and stopping when CANCELLABLE is cancelled: then nothing is
 * stored and the error is SALUR_ERROR_CANCELLED. */
gboolean         salur_import_commit_full (SalurStore          *store,
                                           const SalurOperator *by,
                                           SalurImportPlan     *plan,
                                           SalurImportFlags     flags,
                                           SalurProgressFunc    progress,
                                           gpointer             progress_data,
                                           GCancellable        *cancellable,
                                           guint               *stored,
                                           GError             **error);

/* Writes the problems as CSV: row,column,value,level,reason */
gboolean         salur_import_write_problems (SalurImportPlan *plan,
                                              const char      *path,
                                              GError         **error);

void             salur_import_plan_free (SalurImportPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalurImportPlan, salur_import_plan_free)

G_END_DECLS
