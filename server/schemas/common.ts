import { Type, type TSchema, type TLiteral, type TUnion } from '@sinclair/typebox'

/** Builds a string-literal union from a domain tuple, so status names live in one place. */
export function literals<T extends string>(values: readonly T[]): TUnion<TLiteral<T>[]> {
  return Type.Union(values.map((v) => Type.Literal(v)))
}

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

/** Exact type equality, used for compile-time checks that a schema matches its DTO. */
export type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false

export const Id = Type.Integer({ minimum: 1 })
export const IdParams = Type.Object({ id: Id })
