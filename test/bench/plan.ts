/** EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) output, the parts the bench reports. */
export interface PlanNode {
  'Node Type': string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

export type ExplainRow = { 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] };

export interface PlanStats {
  executionMs: number;
  /** Shared buffers hit or read by the whole statement. */
  sharedBuffers: number;
  /** Rows the scans read: the rows they returned plus those their filters dropped, over every loop. */
  rowsExamined: number;
  /** Rows the statement returned. */
  rows: number;
}

function rowsExamined(node: PlanNode): number {
  const loops = node['Actual Loops'] ?? 1;
  const own = node['Node Type'].includes('Scan') ? ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * loops : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsExamined(child), 0);
}

export function planStats(row: ExplainRow | undefined): PlanStats {
  if (!row) throw new Error('EXPLAIN returned no plan');
  const { Plan: plan, 'Execution Time': executionMs } = row['QUERY PLAN'][0];
  return { executionMs, sharedBuffers: (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0), rowsExamined: rowsExamined(plan), rows: plan['Actual Rows'] ?? 0 };
}
