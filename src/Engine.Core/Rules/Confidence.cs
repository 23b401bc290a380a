namespace Engine.Core.Rules;

/// <summary>The confidence letter of the reference sheet: S stated by a named source, I inferred, U unverified.</summary>
public enum Confidence { S, I, U }
