"""网格: the household's grid in the go-live import, named as the village names it (households.models.Grid).

Without it every imported household belonged to no grid, and a cadre limited to one grid (accounts.scoping) saw none
of them. The cell names a grid of the household's village (the head's row carries it; a member row may leave it
blank, and filled in it must agree). A name the village has no grid of is the row's error, naming the village's
grids: the import never creates a grid (the system admin does, households.services.grids). Blank: no grid, to be
assigned afterwards on 分配网格 (households.services.grid_assign).

Set-based over the staging table, like the other household checks (households.registry_import.staging)."""

from households.models import Grid, Region

GRID_TABLE = Grid._meta.db_table
REGION_TABLE = Region._meta.db_table
MSG_GRID_UNKNOWN = "网格：%s没有名为“%s”的网格，该村的网格有：%s"
MSG_NO_GRIDS = "网格：%s还没有网格，无法划入“%s”（请系统管理员先建网格，或将该列留空，导入后再分配网格）"
MSG_GRID_DIFFERS = "网格：与户主所在行的网格不一致"

CHECKS = (
    # A name the head's village has no grid of (a wrong village code has its own error: village_id NULL).
    f"""INSERT INTO import_errors (line, message)
    SELECT r.line, CASE WHEN grids.names IS NULL THEN format(%(grid_none)s, v.name, r.grid_name)
                        ELSE format(%(grid_unknown)s, v.name, r.grid_name, grids.names) END
    FROM import_rows r JOIN import_households h USING (number) JOIN import_rows hr ON hr.line = h.head_line
    JOIN {REGION_TABLE} v ON v.id = hr.village_id
    CROSS JOIN LATERAL (SELECT string_agg(g.name, '、' ORDER BY g.id) AS names
                        FROM {GRID_TABLE} g WHERE g.village_id = hr.village_id) grids
    WHERE h.heads = 1 AND NOT h.done AND h.existing IS NULL AND r.grid_name <> ''
      AND (r.line = hr.line OR r.grid_name = hr.grid_name)
      AND NOT EXISTS (SELECT 1 FROM {GRID_TABLE} g WHERE g.village_id = hr.village_id AND g.name = r.grid_name)""",
    # Member rows may leave it blank; filled in, it must be the head's.
    """INSERT INTO import_errors (line, message)
    SELECT r.line, %(grid_differs)s
    FROM import_rows r JOIN import_households h USING (number) JOIN import_rows hr ON hr.line = h.head_line
    WHERE h.heads = 1 AND NOT h.done AND h.existing IS NULL AND r.line <> hr.line AND r.grid_name <> ''
      AND r.grid_name <> hr.grid_name""",
)
PARAMS = {"grid_unknown": MSG_GRID_UNKNOWN, "grid_none": MSG_NO_GRIDS, "grid_differs": MSG_GRID_DIFFERS}
# The household's grid at the load, from the head's row (`hr`): NULL when blank.
VALUE = f"(SELECT g.id FROM {GRID_TABLE} g WHERE g.village_id = hr.village_id AND g.name = hr.grid_name)"
# Its line in the household's history row (上线导入建档), as an edit's reads (str(Grid): 城北村 第一网格).
CHANGES = f"""CASE WHEN hr.grid_name <> '' THEN jsonb_build_array(jsonb_build_object(
    'field', 'grid', 'label', '网格', 'old', '',
    'new', (SELECT v.name FROM {REGION_TABLE} v WHERE v.id = hr.village_id) || ' ' || hr.grid_name))
    ELSE '[]'::jsonb END"""
