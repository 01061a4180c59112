import { ScavioTiktok } from '../../nodes/ScavioTiktok/ScavioTiktok.node';

/** Evaluates the node's subtitle expression the way the canvas does, for one resource/operation. */
function subtitleFor(resource: string, operation: string): unknown {
	const expression = String(new ScavioTiktok().description.subtitle);
	const body = expression.replace(/^=\{\{/, '').replace(/\}\}$/, '');
	// eslint-disable-next-line @typescript-eslint/no-implied-eval
	return new Function('$parameter', `return (${body});`)({ resource, operation });
}

describe('Scavio TikTok canvas subtitle', () => {
	it('names the operation in plain words, not parameter values', () => {
		expect(subtitleFor('hashtag', 'getVideos')).toBe('Get videos of a hashtag');
		expect(subtitleFor('hashtag', 'get')).toBe('Get a hashtag');
		expect(subtitleFor('video', 'get')).toBe('Get a video');
		expect(subtitleFor('account', 'getUsage')).toMatch(/usage|credit/i);
	});

	it('shows each operation\'s own action text, for every operation of every resource', () => {
		const description = new ScavioTiktok().description;
		const operations = description.properties.filter((p) => p.name === 'operation');
		let count = 0;
		for (const property of operations) {
			for (const resource of property.displayOptions?.show?.resource as string[]) {
				for (const option of property.options as Array<{ value: string; action: string }>) {
					expect(subtitleFor(resource, option.value)).toBe(option.action);
					count++;
				}
			}
		}
		expect(count).toBeGreaterThanOrEqual(12);
	});
});
