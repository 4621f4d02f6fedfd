export declare const NullValue: {
    readonly NULL_VALUE: "NULL_VALUE";
};
export type NullValue = 'NULL_VALUE' | 0;
export type NullValue__Output = typeof NullValue[keyof typeof NullValue];
