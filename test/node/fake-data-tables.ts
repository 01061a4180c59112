import type { DataTable, DataTableFilter, DataTableProxyProvider, DataTableRow, DataTableRowReturn, IDataTableProjectAggregateService, IDataTableProjectService } from 'n8n-workflow';

/**
 * In-memory stand-in for n8n's Data Tables (the project-scoped services behind
 * `this.helpers.getDataTableProxy` / `getDataTableAggregateProxy`), shared by every run given the
 * same instance — like the tables in the instance's database are shared by its workers. Implements
 * what the analyzer uses: find/create a table, insert rows (ids ascending), list rows with
 * eq/lt/gte filters, delete rows.
 */
export class FakeDataTables {
	readonly tables = new Map<string, { table: DataTable; rows: DataTableRowReturn[] }>();
	private nextId = 1;

	rows(name: string): DataTableRowReturn[] {
		return [...this.tables.values()].find((t) => t.table.name === name)?.rows ?? [];
	}

	provider(): DataTableProxyProvider {
		return {
			getDataTableAggregateProxy: async () => this.aggregate(),
			getDataTableProxy: async (_workflow, _node, id) => this.table(id),
		};
	}

	private aggregate(): IDataTableProjectAggregateService {
		return {
			getProjectId: () => 'harness-project',
			createDataTable: async (options) => {
				if ([...this.tables.values()].some((t) => t.table.name === options.name)) throw new Error(`Data table "${options.name}" already exists`);
				const table: DataTable = {
					id: `dt-${this.tables.size + 1}`,
					name: options.name,
					columns: options.columns.map((c, index) => ({ id: `col-${index}`, name: c.name, type: c.type, index, dataTableId: `dt-${this.tables.size + 1}` })),
					createdAt: new Date(),
					updatedAt: new Date(),
					projectId: 'harness-project',
				};
				this.tables.set(table.id, { table, rows: [] });
				return table;
			},
			getManyAndCount: async (options) => {
				const name = options.filter?.name;
				const data = [...this.tables.values()].map((t) => t.table).filter((t) => name === undefined || t.name === name);
				return { count: data.length, data };
			},
			deleteDataTableAll: async () => true,
		};
	}

	private matches(row: DataTableRow, filter: DataTableFilter | undefined): boolean {
		if (!filter) return true;
		const results = filter.filters.map(({ columnName, condition, value }) => {
			const cell = row[columnName];
			const a = cell instanceof Date ? cell.getTime() : cell;
			const b = value instanceof Date ? value.getTime() : value;
			if (condition === 'eq') return a === b;
			if (condition === 'lt') return (a as number) < (b as number);
			if (condition === 'gte') return (a as number) >= (b as number);
			throw new Error(`FakeDataTables: condition ${condition} not implemented`);
		});
		return filter.type === 'and' ? results.every(Boolean) : results.some(Boolean);
	}

	private table(id: string): IDataTableProjectService {
		const entry = this.tables.get(id);
		if (!entry) throw new Error(`no data table ${id}`);
		const unsupported = async () => {
			throw new Error('FakeDataTables: not implemented');
		};
		return {
			updateDataTable: unsupported,
			deleteDataTable: unsupported,
			getColumns: async () => entry.table.columns,
			addColumn: unsupported,
			moveColumn: unsupported,
			deleteColumn: unsupported,
			getManyRowsAndCount: async (dto) => {
				const data = entry.rows.filter((r) => this.matches(r, dto.filter)).slice(dto.skip ?? 0, (dto.skip ?? 0) + (dto.take ?? Infinity));
				return { count: data.length, data: data.map((r) => ({ ...r })) };
			},
			insertRows: (async (rows: DataTableRow[]) => {
				const inserted = rows.map((r) => ({ ...r, id: this.nextId++, createdAt: new Date(), updatedAt: new Date() }));
				entry.rows.push(...inserted);
				return inserted.map((r) => ({ id: r.id }));
			}) as IDataTableProjectService['insertRows'],
			updateRows: unsupported,
			upsertRow: unsupported,
			deleteRows: async (options) => {
				const gone = entry.rows.filter((r) => this.matches(r, options.filter));
				entry.rows = entry.rows.filter((r) => !gone.includes(r));
				return gone;
			},
		};
	}
}
