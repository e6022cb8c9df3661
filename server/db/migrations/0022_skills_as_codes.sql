-- Skills were service names; they become catalogue codes (categories.code): a community may add
-- a service named like another community's, and a name may change. A name of the shared catalogue
-- becomes its code; otherwise the code of that name among the own services of the team's
-- community (a person's: of any community they hold a membership in). Unknown names are dropped;
-- the order is kept, each code once.
UPDATE "teams" t SET "skills" = coalesce((
  select array_agg(mapped.code order by mapped.first)
  from (
    select c.code, min(s.ord) as first
    from unnest(t.skills) with ordinality as s(skill, ord)
    join "categories" c on c.name = btrim(s.skill)
    join "orgs" o on o.id = t.org_id
    where c.community_id is null
       or (o.path like '%/' || c.community_id || '/%'
           and not exists (select 1 from "categories" g where g.community_id is null and g.name = c.name))
    group by c.code
  ) mapped
), '{}')
WHERE cardinality(t.skills) > 0;
--> statement-breakpoint
UPDATE "users" u SET "skills" = coalesce((
  select array_agg(mapped.code order by mapped.first)
  from (
    select c.code, min(s.ord) as first
    from unnest(u.skills) with ordinality as s(skill, ord)
    join "categories" c on c.name = btrim(s.skill)
    where c.community_id is null
       or (not exists (select 1 from "categories" g where g.community_id is null and g.name = c.name)
           and exists (select 1 from "memberships" m join "orgs" o on o.id = m.org_id
                       where m.user_id = u.id and o.path like '%/' || c.community_id || '/%'))
    group by c.code
  ) mapped
), '{}')
WHERE cardinality(u.skills) > 0;
