// Times the sync's engine statements on one LadybugDB build, through its Node.js package, so that
// engine versions can be compared on the same data without porting the Java binding first.
// Usage (docs/ladybug-binding.md, "Newer engines on npm"): node compare.js <module> <data dir> <scratch dir>
// <module>: what require() loads, e.g. @ladybugdb/core (0.15+) or lbug (0.14.3).
// <data dir>: nodes.parquet, rels.parquet, rel-updates.parquet, node-updates.parquet as
// KeyedWriteBenchmark makes them (the commands are in the docs).
// Each statement runs in a transaction that is checked and rolled back, five times.
// Ends with the rollback of a relationship COPY: on 0.14.3 to 0.20.4 the process dies there (SIGSEGV).
const fs = require('fs');
const path = require('path');
const [engineModule, data, scratch] = process.argv.slice(2);
if (!engineModule || !data || !scratch) {
    console.error('usage: node compare.js <module> <data dir> <scratch dir>');
    process.exit(2);
}
const lbug = require(engineModule);

async function rows(c, cypher) {
    return (await c.query(cypher)).getAll();
}

async function seconds(c, cypher) {
    const start = process.hrtime.bigint();
    await rows(c, cypher);
    return Number(process.hrtime.bigint() - start) / 1e9;
}

(async () => {
    const db = path.join(scratch, 'compare.lbug');
    fs.rmSync(db, {force: true});
    fs.rmSync(db + '.wal', {force: true});
    const c = new lbug.Connection(new lbug.Database(db, 1 << 30));
    console.log('engine', JSON.stringify(await rows(c, 'CALL db_version() RETURN *')));
    await rows(c, 'CREATE NODE TABLE Entity(identifier INT64, category INT64, amount INT64, PRIMARY KEY(identifier))');
    await rows(c, 'CREATE REL TABLE links(FROM Entity TO Entity, weight INT64)');
    console.log('COPY nodes', (await seconds(c, `COPY Entity FROM '${data}/nodes.parquet'`)).toFixed(3));
    console.log('COPY relationships', (await seconds(c, `COPY links FROM '${data}/rels.parquet'`)).toFixed(3));
    await rows(c, 'CHECKPOINT');
    const anchored = (vars) => `LOAD FROM '${data}/rel-updates.parquet' WITH ${vars} WHERE v0 IS NOT NULL`
        + ' MATCH (a:Entity {identifier: v0}) WITH a, ' + vars.replace(/\w+ AS /g, '')
        + ' MATCH (b:Entity {identifier: v1}) WITH a, b, ' + vars.replace(/\w+ AS /g, '') + ' MATCH (a)-[r:links]->(b)';
    const statements = [
        ['relationship SET (30k)', anchored('src AS v0, dst AS v1, weight AS v2') + ' SET r.weight = v2',
            'MATCH ()-[r:links]->() WHERE r.weight >= 5000 RETURN count(r)'],
        ['node SET (10k)', `LOAD FROM '${data}/node-updates.parquet' WITH identifier AS v0, category AS v1, amount AS v2`
            + ' MATCH (n:Entity {identifier: v0}) SET n.category = v1, n.amount = v2',
            'MATCH (n:Entity) WHERE n.category >= 1000 RETURN count(n)'],
        ['relationship DELETE (30k)', anchored('src AS v0, dst AS v1') + ' DELETE r', 'MATCH ()-[r:links]->() RETURN count(r)'],
    ];
    for (const [name, cypher, check] of statements) {
        const runs = [];
        for (let i = 0; i < 5; i++) {
            await rows(c, 'BEGIN TRANSACTION');
            const s = await seconds(c, cypher);
            const changed = Object.values((await rows(c, check))[0])[0];
            await rows(c, 'ROLLBACK');
            runs.push(`${s.toFixed(3)} (${changed})`);
        }
        console.log(name, runs.join(', '));
    }
    fs.writeFileSync(path.join(scratch, 'relationship-set-profile.txt'),
        Object.values((await rows(c, 'PROFILE ' + statements[0][1]))[0])[0]);
    console.log('rolling back a COPY into the relationship table (3000000 expected after it)');
    await rows(c, 'BEGIN TRANSACTION');
    await rows(c, `COPY links FROM '${data}/rel-updates.parquet'`);
    await rows(c, 'ROLLBACK');
    console.log('relationships after the rollback', JSON.stringify(await rows(c, 'MATCH ()-[r:links]->() RETURN count(r)')));
    process.exit(0);
})().catch(e => { console.error('failed:', e); process.exit(1); });
